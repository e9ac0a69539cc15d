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
 * What a node asks before it polls for a claim: how many other online, enabled nodes with a runner
 * free are ahead of it, by the tasks under way on them (counted from the tasks' own rows) and, at
 * equal load, by the oldest last start.
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
    private OptionalInt peersAhead(String me, int ownLoad) {
        jdbc.sql("UPDATE nodes SET last_seen_at = now() - interval '1 hour' WHERE node_key NOT LIKE :mine")
                .param("mine", "%-" + run).update();
        return nodes.peersAhead(me, ownLoad, ONLINE);
    }

    @Test
    void aLessLoadedPeerWithARunnerFreeIsAheadAndAFullOneIsNot() {
        Spider spider = rows.spider("true");
        String me = node("me", 4);
        String full = node("full", 2);
        String busy = node("busy", 4);
        taskOn(spider, me);
        taskOn(spider, me);
        taskOn(spider, full);
        taskOn(spider, full);
        taskOn(spider, busy);

        // busy (1 under way) is ahead of a node with 2; full (2 of 2) could not take the claim...
        assertThat(peersAhead(me, 2)).hasValue(1);
        // ...but is a peer: with busy full too, me has peers and none ahead.
        taskOn(spider, busy);
        taskOn(spider, busy);
        taskOn(spider, busy);
        assertThat(peersAhead(me, 2)).hasValue(0);
        // Nor does a node count itself: of me (2) and full, none is ahead of busy at 1, and at 5 only me is.
        assertThat(peersAhead(busy, 1)).hasValue(0);
        assertThat(peersAhead(busy, 5)).hasValue(1);
    }

    @Test
    void endedTasksDoNotCount() {
        Spider spider = rows.spider("true");
        String me = node("me", 4);
        String idle = node("idle", 4);
        long ended = taskOn(spider, idle);
        assertThat(peersAhead(me, 1)).hasValue(0);

        tasks.transition(ended, TaskStatus.CANCELLED, TaskChange.NONE);

        assertThat(peersAhead(me, 1)).hasValue(1);
    }

    @Test
    void atEqualLoadTheNodeWhoseLastStartIsOldestIsAhead() {
        Spider spider = rows.spider("true");
        String first = node("first", 4);
        String second = node("second", 4);
        String never = node("never", 4);
        tasks.transition(taskOn(spider, first), TaskStatus.CANCELLED, TaskChange.NONE);
        tasks.transition(taskOn(spider, second), TaskStatus.CANCELLED, TaskChange.NONE);

        // All three have nothing under way: the one that never started a task goes first, then the
        // one that started its last the longest ago; the one that has just started one goes last.
        assertThat(peersAhead(never, 0)).hasValue(0);
        assertThat(peersAhead(first, 0)).hasValue(1);
        assertThat(peersAhead(second, 0)).hasValue(2);

        tasks.transition(taskOn(spider, first), TaskStatus.CANCELLED, TaskChange.NONE);

        assertThat(peersAhead(second, 0)).hasValue(1);
        assertThat(peersAhead(first, 0)).hasValue(2);
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

        assertThat(peersAhead(me, 3)).isEmpty();
    }

    @Test
    void aNodeThatStoppedIsNoPeerUntilItReportsAgain() {
        Spider spider = rows.spider("true");
        String me = node("me", 4);
        String stopped = node("stopped", 4);
        taskOn(spider, me);
        // stopped has nothing under way: it is ahead of me, who has a task.
        assertThat(peersAhead(me, 1)).hasValue(1);

        nodes.markStopped(stopped);

        // Its last report is fresh, but it said it stopped: me has no peer, and polls at once.
        assertThat(peersAhead(me, 1)).isEmpty();
        assertThat(nodes.find(stopped).orElseThrow().running()).isZero();

        nodes.report(stopped, 0);
        assertThat(peersAhead(me, 1)).hasValue(1);

        nodes.markStopped(stopped);
        nodes.register(stopped, "host", stopped, Map.of(), 4);
        assertThat(peersAhead(me, 1)).hasValue(1);
    }
}
