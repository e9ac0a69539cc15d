package dev.crawlyard.workflows.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiderFilePathTest {

    @Test
    void relativePathsAreKeptAndTidied() {
        assertThat(SpiderFilePath.check("spider.py")).isEqualTo("spider.py");
        assertThat(SpiderFilePath.check("./pkg//items.py")).isEqualTo("pkg/items.py");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "a/../../evil", "/etc/passwd", "C:/windows", "a\\b", "", "  ", "./", "a/\u0000"})
    void pathsThatCouldLeaveTheSpidersRootAreRefused(String path) {
        assertThatThrownBy(() -> SpiderFilePath.check(path)).isInstanceOf(IllegalArgumentException.class);
    }
}
