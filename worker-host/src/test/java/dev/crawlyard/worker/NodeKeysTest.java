package dev.crawlyard.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeysTest {

    @TempDir
    Path workDir;

    @Test
    void aGeneratedKeyIsKeptOnDiskSoARestartedNodeKeepsIt() throws Exception {
        NodeProperties unnamed = node("");

        String first = NodeKeys.resolve(unnamed);
        String again = NodeKeys.resolve(unnamed);

        assertThat(first).startsWith("node-");
        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(workDir.resolve("node-key")).trim()).isEqualTo(first);
    }

    @Test
    void aConfiguredKeyWinsAndABadOneIsRefusedWithTheRule() {
        assertThat(NodeKeys.resolve(node("scraper-01"))).isEqualTo("scraper-01");
        assertThatThrownBy(() -> NodeKeys.resolve(node("bad key/..")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crawlyard.node.key");
    }

    /** Settings with only a key and the work directory; every other one is its default. */
    private NodeProperties node(String key) {
        return new NodeProperties(key, workDir, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
