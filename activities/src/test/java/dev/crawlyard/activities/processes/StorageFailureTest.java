package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.items.ItemQuery;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes of a spider's output that PostgreSQL refuses or fails: a batch that can never be stored
 * as it is must not hold the task up for ever, a passing failure must not lose or double anything,
 * and a lasting one must end the task with the reason. Failures are made by the real database:
 * batches it refuses, and a trigger on {@code items} that raises a chosen SQLSTATE for one spider.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StorageFailureTest {

    /** Today's code retried the first case for ever; anything longer than this is a hang. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path workRoot;

    private final TestDatabase database = TestDatabase.shared();
    private final JdbcClient jdbc = database.jdbcClient();
    private final ItemStore items = new ItemStore(jdbc, database.jdbcTemplate());
    private final TaskLogStore logs = new TaskLogStore(jdbc, database.jdbcTemplate());
    private final List<String> triggers = new ArrayList<>();
    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;

    @BeforeEach
    void startEnvironment() {
        environment = TestNode.realTime("node-s", workRoot, true);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        triggers.forEach(name -> jdbc.sql("DROP TRIGGER IF EXISTS " + name + " ON items").update());
        environment.close();
    }

    private static final String EMIT = """
            import sys
            print('{"ipc": true, "type": "data", "payload": ' + sys.argv[1] + '}')
            print("done")
            """;

    private Launched emit(String itemsJson, ItemPolicy policy) {
        Spider spider = launcher.spider("python3 emit.py '" + itemsJson + "'", Map.of("emit.py", EMIT));
        return launcher.launch(spider, TaskLauncher.QUICK, policy);
    }

    private static TaskOutcome awaitEnd(WorkflowStub workflow) throws TimeoutException {
        return workflow.getResult(BOUND.toSeconds(), TimeUnit.SECONDS, TaskOutcome.class);
    }

    private List<String> storedFor(long spiderId) {
        List<String> stored = new ArrayList<>();
        items.stream(ItemQuery.ofSpider(spiderId), 0, 0, stored::add);
        return stored;
    }

    @Test
    void oneKeyTwiceInOneBatchIsStoredOnceTheLastForOverwriteAndTheFirstForIgnore() throws Exception {
        String batch = "[{\"url\": \"a\", \"v\": 1}, {\"url\": \"b\", \"v\": 1}, {\"url\": \"a\", \"v\": 2}]";
        Launched overwriting = emit(batch, new ItemPolicy("url", DedupMode.OVERWRITE));
        Launched ignoring = emit(batch, new ItemPolicy("url", DedupMode.IGNORE));

        assertThat(awaitEnd(overwriting.workflow()).status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(awaitEnd(ignoring.workflow()).status()).isEqualTo(TaskStatus.FINISHED);

        assertThat(storedFor(overwriting.task().spiderId())).containsExactly(
                "{\"v\": 1, \"url\": \"b\"}", "{\"v\": 2, \"url\": \"a\"}");
        assertThat(storedFor(ignoring.task().spiderId())).containsExactly(
                "{\"v\": 1, \"url\": \"a\"}", "{\"v\": 1, \"url\": \"b\"}");
        assertThat(launcher.row(overwriting.task().id()).progress().warnings()).isZero();
    }

    @Test
    void anItemWithAValuePostgresqlCannotHoldIsLeftOutWithAWarningAndTheRestOfItsBatchIsStored() throws Exception {
        // jsonb's numeric cannot hold 1e1000000 (SQLSTATE 22003); the bad item sits among 2,000
        // good ones in one batch, which goes in by COPY, fails whole, and is split.
        Launched launched = emit(itemsAround("{\"n\": 1e1000000}"), ItemPolicy.NONE);

        TaskOutcome outcome = awaitEnd(launched.workflow());

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        assertThat(items.count(id)).isEqualTo(2001);
        assertThat(launcher.row(id).progress().warnings()).isEqualTo(1);
        assertThat(logs.page(id, 0, 10)).extracting(LogLine::line)
                .anySatisfy(line -> assertThat(line).startsWith("item refused by the database and left out (")
                        .contains("22003").contains("1e1000000"))
                .contains("done");
    }

    @Test
    void aRefusedItemInABatchWithAKeyGivenTwiceIsLeftOutAndTheRestIsStoredDeduplicated() throws Exception {
        Spider spider = launcher.spider("python3 emit.py '" + itemsAround("{\"url\": \"bad\"}") + "'",
                Map.of("emit.py", EMIT));
        refuseItems(spider.id(), "data->>'url' = 'bad'");

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, new ItemPolicy("url", DedupMode.OVERWRITE));
        TaskOutcome outcome = awaitEnd(launched.workflow());

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        long id = launched.task().id();
        // u0 ... u1999, with u7 given twice (the second wins), and the bad one refused.
        assertThat(items.count(id)).isEqualTo(2000);
        assertThat(storedFor(spider.id())).contains("{\"url\": \"u7\", \"again\": true}")
                .doesNotContain("{\"url\": \"u7\"}").noneMatch(item -> item.contains("bad"));
        assertThat(launcher.row(id).progress().warnings()).isEqualTo(1);
        assertThat(logs.page(id, 0, 10)).extracting(LogLine::line)
                .anySatisfy(line -> assertThat(line).contains("23514").endsWith("{\"url\":\"bad\"}"));
    }

    /** 2,000 items u0 ... u1999 with {@code bad} after u1234 and u7 once more at the end, as JSON. */
    private static String itemsAround(String bad) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            batch.append("{\"url\": \"u").append(i).append("\"}, ");
            if (i == 1234) {
                batch.append(bad).append(", ");
            }
        }
        return batch.append("{\"url\": \"u7\", \"again\": true}]").toString();
    }

    @Test
    void aSerializationFailureIsRetriedAndTheBatchIsStoredOnce() throws Exception {
        Spider spider = launcher.spider("python3 emit.py '[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]'", Map.of("emit.py", EMIT));
        failItemWrites(spider.id(), "40001", 3);

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        TaskOutcome outcome = awaitEnd(launched.workflow());

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(items.count(launched.task().id())).isEqualTo(3);
        assertThat(launcher.row(launched.task().id()).progress().warnings()).isZero();
    }

    @Test
    void aLastingErrorThatIsNotAboutTheDataEndsTheTaskWithTheReasonInsteadOfRetryingForEver() throws Exception {
        Spider spider = launcher.spider("python3 emit.py '[{\"n\": 1}]'; sleep 300", Map.of("emit.py", EMIT));
        failItemWrites(spider.id(), "42501", Integer.MAX_VALUE);

        Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        TaskOutcome outcome = awaitEnd(launched.workflow());

        assertThat(outcome.status()).isEqualTo(TaskStatus.ABNORMAL);
        assertThat(outcome.errorKind()).isEqualTo(ErrorKind.SYSTEM);
        assertThat(outcome.errorMessage()).contains("the spider's output could not be stored")
                .contains("injected failure").contains("42501");
        Task row = launcher.row(launched.task().id());
        assertThat(row.status()).isEqualTo(TaskStatus.ABNORMAL);
    }

    /** Makes the database refuse the spider's items that match {@code condition}, as a CHECK constraint would. */
    private void refuseItems(long spiderId, String condition) {
        String name = "refuse_items_" + spiderId;
        jdbc.sql("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.spider_id = %2$d AND (SELECT %3$s FROM (SELECT NEW.data AS data) AS row) THEN
                        RAISE EXCEPTION 'new row violates a check' USING ERRCODE = '23514';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(name, spiderId, condition)).update();
        jdbc.sql("CREATE TRIGGER " + name + " BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION " + name + "()")
                .update();
        triggers.add(name);
    }

    /**
     * Makes the first {@code times} item writes of the spider fail with {@code sqlState}. The count
     * is kept in a sequence, which a rolled-back statement does not roll back.
     */
    private void failItemWrites(long spiderId, String sqlState, int times) {
        String name = "fail_items_" + spiderId;
        jdbc.sql("CREATE SEQUENCE " + name + "_calls").update();
        jdbc.sql("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.spider_id = %2$d THEN
                        IF nextval('%1$s_calls') <= %3$d THEN
                            RAISE EXCEPTION 'injected failure' USING ERRCODE = '%4$s';
                        END IF;
                    END IF;
                    RETURN NEW;
                END $$""".formatted(name, spiderId, times, sqlState)).update();
        jdbc.sql("CREATE TRIGGER " + name + " BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION " + name + "()")
                .update();
        triggers.add(name);
    }
}
