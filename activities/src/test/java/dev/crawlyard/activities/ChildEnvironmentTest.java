package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spider's environment starts from a short list of the node's variables, never from all of them. */
class ChildEnvironmentTest {

    private static final Map<String, String> NODE = Map.of(
            "PATH", "/root/.cargo/bin:/usr/local/bin:/usr/bin:/bin",
            "LANG", "C.UTF-8",
            "LC_TIME", "de_DE.UTF-8",
            "https_proxy", "http://proxy:3128",
            "CRAWLYARD_DB_PASSWORD", "secret",
            "SPRING_DATASOURCE_PASSWORD", "secret",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "JAVA_TOOL_OPTIONS", "-Dx=y",
            "HOME", "/root");

    @Test
    void onlyTheSearchPathLocaleTimeZoneAndProxiesComeFromTheNode() {
        Map<String, String> env = ChildEnvironment.base(NODE, false);

        assertThat(env).containsOnlyKeys("PATH", "LANG", "LC_TIME", "https_proxy");
        assertThat(env.get("PATH")).isEqualTo("/root/.cargo/bin:/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void aChildRunAsAnotherUserKeepsOnlyTheDirectoriesOthersCanSearch(@TempDir Path root) throws Exception {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Path open = Files.createDirectories(root.resolve("open/bin"));
        Files.setPosixFilePermissions(root.resolve("open"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path closed = Files.createDirectories(root.resolve("closed/bin"));
        Files.setPosixFilePermissions(root.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwxr-xr-x"));

        Map<String, String> env = ChildEnvironment.base(Map.of("PATH", closed + ":" + open + ":/usr/bin:relative"), true);

        assertThat(env.get("PATH")).isEqualTo(open + ":/usr/bin");
        assertThat(ChildEnvironment.base(Map.of("PATH", closed.toString()), true).get("PATH"))
                .as("nothing left: the standard path").isEqualTo(ChildEnvironment.DEFAULT_PATH);
    }

    @Test
    void aNodeWithoutAPathGivesTheStandardOne() {
        assertThat(ChildEnvironment.base(Map.of(), false)).containsEntry("PATH", ChildEnvironment.DEFAULT_PATH);
    }
}
