package dev.crawlyard.activities.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.workflows.task.ContainerSpec.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which mounts a node lets a container task have, on real directories and links. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContainerMountsTest {

    @TempDir
    Path root;

    @Test
    void anAllowedDirectoryAndAnythingUnderItAreMountedByTheirRealPaths() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("shared"));
        Path under = Files.createDirectories(allowed.resolve("a/b"));

        List<ContainerMounts.Resolved> resolved = ContainerMounts.resolve(List.of(
                new Mount(allowed.toString(), "/data", true), new Mount(under.toString(), "/deep", false)),
                List.of(allowed), "node-m");

        assertThat(resolved).containsExactly(new ContainerMounts.Resolved(allowed.toRealPath(), "/data", true),
                new ContainerMounts.Resolved(under.toRealPath(), "/deep", false));
        assertThat(ContainerMounts.resolve(List.of(), List.of(), "node-m")).isEmpty();
    }

    @Test
    void aDirectoryOutsideTheAllowedOnesIsRefusedNamingTheSetting() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("shared"));
        // A sibling whose name starts like the allowed one is not under it.
        Path sibling = Files.createDirectories(root.resolve("shared-not"));

        assertThatThrownBy(() -> ContainerMounts.resolve(List.of(new Mount(sibling.toString(), "/data", true)),
                List.of(allowed), "node-m"))
                .isInstanceOf(ContainerMounts.Refused.class)
                .hasMessageContaining("is not allowed on node node-m")
                .hasMessageContaining("crawlyard.containers.allowed-mounts lists [" + allowed + "]");
        assertThatThrownBy(() -> ContainerMounts.resolve(List.of(new Mount(allowed.toString(), "/data", true)),
                List.of(), "node-m"))
                .hasMessageContaining("crawlyard.containers.allowed-mounts is empty there");
    }

    @Test
    void aLinkInsideAnAllowedDirectoryThatLeadsOutOfItIsRefused() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("shared"));
        Path secret = Files.createDirectories(root.resolve("secret"));
        Path link = Files.createSymbolicLink(allowed.resolve("innocent"), secret);

        assertThatThrownBy(() -> ContainerMounts.resolve(List.of(new Mount(link.toString(), "/data", true)),
                List.of(allowed), "node-m"))
                .hasMessageContaining("(really " + secret.toRealPath() + ")")
                .hasMessageContaining("is not allowed");
    }

    @Test
    void aMissingDirectoryAFileOrAMissingAllowedRootAllowNothing() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("shared"));
        Path file = Files.writeString(allowed.resolve("file.txt"), "x");

        assertThatThrownBy(() -> ContainerMounts.resolve(List.of(new Mount(allowed.resolve("gone").toString(), "/d",
                true)), List.of(allowed), "node-m")).hasMessageContaining("does not exist there");
        assertThatThrownBy(() -> ContainerMounts.resolve(List.of(new Mount(file.toString(), "/d", true)),
                List.of(allowed), "node-m")).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> ContainerMounts.resolve(List.of(new Mount(allowed.toString(), "/d", true)),
                List.of(root.resolve("never-made")), "node-m")).hasMessageContaining("is not allowed");
    }
}
