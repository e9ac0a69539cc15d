package dev.crawlyard.activities;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks of uids shared out among the nodes on one machine: a node holds its block by an
 * exclusive file lock for as long as it runs (released by the kernel if its JVM dies), so two
 * nodes, in one JVM or in several, never hold the same block. A block in which some id has a
 * passwd or group entry is skipped: its uid belongs to someone.
 */
final class UidBlocks {

    private static final Logger log = LoggerFactory.getLogger(UidBlocks.class);

    /** A block held by this process: uids {@code firstUid} to {@code firstUid + size - 1}. */
    record Held(int firstUid, int size, FileChannel channel, FileLock lock) implements Closeable {

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    private UidBlocks() {
    }

    /** The first free block of {@code size} uids from {@code base}, of at most {@code blocks} blocks. */
    static Optional<Held> take(int base, int size, int blocks) {
        Path directory = lockDirectory();
        for (int block = 0; block < blocks; block++) {
            int first = base + block * size;
            Optional<Held> held = tryLock(directory, first, size);
            if (held.isEmpty()) {
                continue;
            }
            String taken = takenId(first, size);
            if (taken == null) {
                return held;
            }
            log.info("not using runner uids {}-{}: {}", first, first + size - 1, taken);
            closeQuietly(held.get());
        }
        return Optional.empty();
    }

    private static Optional<Held> tryLock(Path directory, int first, int size) {
        try {
            FileChannel channel = FileChannel.open(directory.resolve("uids-" + first + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Held by another node in this JVM.
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new Held(first, size, channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("could not take a block of runner uids in " + directory, e);
        }
    }

    /** Which of the block's ids has a passwd or group entry, or null if none has. */
    private static String takenId(int first, int size) {
        for (Path file : List.of(Path.of("/etc/passwd"), Path.of("/etc/group"))) {
            if (!Files.isReadable(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] fields = line.split(":");
                    if (fields.length > 2 && fields[2].matches("\\d{1,10}")) {
                        long id = Long.parseLong(fields[2]);
                        if (id >= first && id < first + size) {
                            return "id " + id + " is taken in " + file + " by '" + fields[0] + "'";
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + file, e);
            }
        }
        return null;
    }

    /** A root-only directory shared by every node on the machine for the blocks' locks. */
    private static Path lockDirectory() {
        Path parent = Files.isDirectory(Path.of("/run")) && Files.isWritable(Path.of("/run"))
                ? Path.of("/run") : Path.of(System.getProperty("java.io.tmpdir"));
        Path directory = parent.resolve("crawlyard-runner-uids");
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // In a shared /tmp, someone else may have made it first to deny us the locks.
            if ((Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS) != 0) {
                throw new IllegalStateException(directory + " is not owned by root; remove it");
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make " + directory, e);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing: {}", e.getMessage());
        }
    }
}
