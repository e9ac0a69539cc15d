package dev.crawlyard.store.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionFilesTest {

    @Test
    void pathsAreTidiedSortedAndEqualBodiesAreKeptOnce() {
        VersionFiles files = VersionFiles.of(Map.of("./b.txt", bytes("same"), "a//c.txt", bytes("same"),
                "a.txt", bytes("other")));

        assertThat(files.manifest().keySet()).containsExactly("a.txt", "a/c.txt", "b.txt");
        assertThat(files.bodies()).hasSize(2);
        assertThat(files.totalBytes()).isEqualTo(13);
        assertThat(files.manifest().get("b.txt").sha256()).isEqualTo(Sha256.of(bytes("same")));
    }

    @Test
    void aPathThatIsBothAFileAndADirectoryIsRefused() {
        assertThatThrownBy(() -> VersionFiles.of(Map.of("lib", bytes("x"), "lib.txt", bytes("y"),
                "lib/util.py", bytes("z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lib' is both a file and a directory");
    }

    @Test
    void twoSpellingsOfOnePathAreRefused() {
        assertThatThrownBy(() -> VersionFiles.of(Map.of("a/b.txt", bytes("1"), "a/./b.txt", bytes("2"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given twice");
    }

    @Test
    void aPathThatCouldLeaveTheRootIsRefused() {
        assertThatThrownBy(() -> VersionFiles.of(Map.of("../x", bytes("1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("..");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
