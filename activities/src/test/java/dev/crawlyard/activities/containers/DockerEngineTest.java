package dev.crawlyard.activities.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TestImages;
import dev.crawlyard.activities.TestNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node cleans up only what is its own on a shared engine: its previous life's containers go,
 * other nodes' and unlabelled ones stay, and a name taken by another's container is not freed.
 */
class DockerEngineTest {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String mine = "node-mine-" + suffix;
    private final String other = "node-other-" + suffix;
    private final String mineId = DockerEngine.nodeId(mine, java.nio.file.Path.of("/srv/mine"));
    private final String twinId = DockerEngine.nodeId(mine, java.nio.file.Path.of("/srv/twin"));
    private final DockerEngine engine = TestNode.ENGINE;
    private String image;

    @BeforeEach
    void image() {
        image = TestImages.busybox();
    }

    @AfterEach
    void removeWhatTheTestMade() {
        for (String name : List.of("c-mine-" + suffix, "c-other-" + suffix, "c-plain-" + suffix, "c-twin-" + suffix)) {
            TestImages.run(List.of("docker", "rm", "--force", name));
        }
    }

    @Test
    void aStartingNodeRemovesItsOwnContainersAndNoOneElses() {
        start("c-mine-" + suffix, mine, mineId);
        start("c-other-" + suffix, other, DockerEngine.nodeId(other, java.nio.file.Path.of("/srv/mine")));
        // Another platform's node of the same name (two standalone platforms both have "in-process").
        start("c-twin-" + suffix, mine, twinId);
        start("c-plain-" + suffix, null, null);

        List<String> removed = engine.removeContainersOf(mine, mineId);

        assertThat(removed).containsExactly("c-mine-" + suffix);
        assertThat(TestImages.containerExists("c-mine-" + suffix)).isFalse();
        assertThat(TestImages.containerRuns("c-other-" + suffix)).isTrue();
        assertThat(TestImages.containerRuns("c-twin-" + suffix)).isTrue();
        assertThat(TestImages.containerRuns("c-plain-" + suffix)).isTrue();
        assertThat(engine.removeContainersOf(mine, mineId)).isEmpty();
    }

    @Test
    void aNameHeldByAnotherNodesContainerIsNotFreedAndOneOfItsOwnIs() throws Exception {
        start("c-twin-" + suffix, mine, twinId);
        start("c-mine-" + suffix, mine, mineId);

        assertThat(engine.clearName("c-twin-" + suffix, mineId)).isFalse();
        assertThat(TestImages.containerRuns("c-twin-" + suffix)).isTrue();
        assertThat(engine.clearName("c-mine-" + suffix, mineId)).isTrue();
        assertThat(TestImages.containerExists("c-mine-" + suffix)).isFalse();
        assertThat(engine.clearName("c-never-" + suffix, mineId)).isTrue();
    }

    private void start(String name, String nodeKey, String nodeId) {
        List<String> labels = nodeKey == null ? List.of("--label", "purpose=not-crawlyard")
                : List.of("--label", DockerEngine.NODE_LABEL + "=" + nodeKey, "--label", DockerEngine.NODE_ID_LABEL + "=" + nodeId);
        List<String> argv = new java.util.ArrayList<>(List.of("docker", "run", "--detach", "--name", name));
        argv.addAll(labels);
        argv.addAll(List.of("--network", "none", image, "sleep", "300"));
        int code = TestImages.run(argv);
        assertThat(code).as("docker run " + name).isZero();
    }
}
