package dev.crawlyard.activities;

import dev.crawlyard.store.files.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node's directories and their modes. The work root holds what only the node may read (its
 * key, the blob cache, the output spools): mode 0700. With runner users, the spider root is where
 * spiders go: others may pass through it (0711) but not list it, and each task's directories in it
 * belong to the task's runner user alone.
 */
public final class NodeDirectories {

    /** Where a node running spiders as runner users keeps their files unless told otherwise. */
    static final Path DEFAULT_SPIDER_ROOTS = Path.of("/var/lib/crawlyard/spiders");

    private NodeDirectories() {
    }

    /**
     * The spider root for {@code workRoot} when none is configured: the work root itself, or, with
     * runner users (who must not reach the work root), a directory of its own under /var/lib
     * named for the work root, so that nodes with different work roots never share one.
     */
    public static Path defaultSpiderRoot(Path workRoot, RunnerUsers users) {
        if (!users.active()) {
            return workRoot;
        }
        String name = Sha256.of(workRoot.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        return DEFAULT_SPIDER_ROOTS.resolve(name);
    }

    /** Makes the node's directories with their modes, and checks that runner users can reach theirs. */
    public static void prepare(LocalNode node) {
        try {
            Path work = node.workRoot();
            Path spiders = node.spiderRoot();
            boolean shared = work.equals(spiders);
            Files.createDirectories(work);
            // Runner users pass through a shared root to their own directories; nobody else needs in.
            mode(work, shared && node.users().active() ? "rwx--x--x" : "rwx------");
            for (Path privateDirectory : new Path[] {node.blobCache().getParent(), node.spools()}) {
                Files.createDirectories(privateDirectory);
                mode(privateDirectory, "rwx------");
            }
            if (!node.users().active()) {
                return;
            }
            Files.createDirectories(spiders);
            mode(spiders, "rwx--x--x");
            for (Path passage : new Path[] {spiders.resolve("workspaces"), spiders.resolve("runs"), node.environments()}) {
                Files.createDirectories(passage);
                mode(passage, "rwx--x--x");
            }
            Files.createDirectories(node.sdk());
            mode(node.sdk(), "rwxr-xr-x");
            requireReachable(spiders);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the node's directories " + node.workRoot() + " and "
                    + node.spiderRoot(), e);
        }
    }

    /** Every directory above the spider root must let other users through, or no spider reaches its workspace. */
    private static void requireReachable(Path spiderRoot) throws IOException {
        for (Path above = spiderRoot.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
            int mode = (Integer) Files.getAttribute(above, "unix:mode");
            if ((mode & 01) == 0) {
                throw new IllegalStateException("spiders run as other users and cannot reach " + spiderRoot + ": "
                        + above + " does not let others pass (mode " + Integer.toOctalString(mode & 07777)
                        + "); set crawlyard.node.spider-dir to a directory they can reach, e.g. under /var/lib");
            }
        }
    }

    private static void mode(Path directory, String permissions) throws IOException {
        if (Files.isSymbolicLink(directory)) {
            throw new IOException(directory + " is a symbolic link");
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " is not a directory");
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(permissions));
    }
}
