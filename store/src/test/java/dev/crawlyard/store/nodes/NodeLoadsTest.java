package dev.crawlyard.store.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.TaskChange;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.TaskStatus;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The load a node compares its own with before it polls for a claim: the fewest tasks under way on
 * another online, enabled node with a runner free, counted from the tasks' own rows.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class NodeLoadsTest {

    private static final Duration ONLINE = Duration.ofSeconds(15);

    private final JdbcClient jdbc = TestDatabase.shared().jdbcClient();
    private final NodeStore nodes = new NodeStore(jdbc);
    private final TaskStore tasks = new TaskStore(jdbc);
    private final TestRows rows = new TestRows(jdbc);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private String node(String name, int maxRunners) {
        String key = name + "-" + run;
        nodes.register(key, "host", key, Map.of(), maxRunners);
        return key;
    }

    private long taskOn(Spider spider, String node) {
        long id = rows.pendingTask(spider).id();
        tasks.claim(id, 1, node);
        return id;
    }

    /** Only this test's nodes are online: those of other tests are set aside for the question. */
    private OptionalInt leastPeerLoad(String me) {
        jdbc.sql("UPDATE nodes SET last_seen_at = now() - interval '1 hour' WHERE node_key NOT LIKE :mine")
                .param("mine", "%-" + run).update();
        return nodes.leastPeerLoad(me, ONLINE);
    }

    @Test
    void theLeastLoadedPeerWithARunnerFreeCountsAndAFullOneDoesNot() {
        Spider spider = rows.spider("true");
        String me = node("me", 4);
        String full = node("full", 2);
        String busy = node("busy", 4);
        taskOn(spider, me);
        taskOn(spider, me);
        taskOn(spider, full);
        taskOn(spider, full);
        taskOn(spider, busy);

        assertThat(leastPeerLoad(me)).hasValue(1);
        // Nor does a node count itself.
        assertThat(leastPeerLoad(busy)).hasValue(2);
    }

    @Test
    void anIdlePeerCountsAsNothingUnderWayAndEndedTasksDoNotCount() {
        Spider spider = rows.spider("true");
        String me = node("me", 4);
        String idle = node("idle", 4);
        long ended = taskOn(spider, idle);
        assertThat(leastPeerLoad(me)).hasValue(1);

        tasks.transition(ended, TaskStatus.CANCELLED, TaskChange.NONE);

        assertThat(leastPeerLoad(me)).hasValue(0);
    }

    @Test
    void disabledQuietAndRunnerlessPeersAreNoPeers() {
        String me = node("me", 4);
        String disabled = node("disabled", 4);
        String quiet = node("quiet", 4);
        node("runnerless", 0);
        jdbc.sql("UPDATE nodes SET enabled = false WHERE node_key = :key").param("key", disabled).update();
        jdbc.sql("UPDATE nodes SET last_seen_at = now() - interval '1 minute' WHERE node_key = :key")
                .param("key", quiet).update();

        assertThat(leastPeerLoad(me)).isEmpty();
    }
}
