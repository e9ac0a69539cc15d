package dev.crawlyard.activities.tasks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.processes.RunRequest;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskPolicy;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run that reaches a node after its workflow took the attempt for lost and sent the task elsewhere
 * (a step abandoned by the workflow's watch, delivered late) runs nothing: the spider never runs twice
 * at once. Against task rows in the real database.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StaleAttemptTest {

    private static final Path WORKSPACE = Path.of("/work/node/workspaces/1");
    private static final Path ENVIRONMENTS = Path.of("/work/node/environments");

    private final org.springframework.jdbc.core.simple.JdbcClient jdbc = TestDatabase.shared().jdbcClient();
    private final TestRows rows = new TestRows(jdbc);
    private final TaskStore tasks = new TaskStore(jdbc);
    private final TaskInputs inputs = new TaskInputs(tasks, new SpiderStore(jdbc));

    private RunRequest run(Task task, int attempt) {
        return new RunRequest(task.id(), task.spiderId(), attempt, WORKSPACE.toString(), task.command(), task.params(),
                task.env(), new TaskPolicy(task.runtimeLimit(), task.memoryLimitBytes(), 1, null, null, null, null),
                ItemPolicy.NONE, Map.of());
    }

    @Test
    void theAttemptANodeHoldsRunsThere() {
        Spider spider = rows.spider("echo hi");
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");

        assertThatCode(() -> inputs.checkRun(run(task, 1), "node-a", WORKSPACE, ENVIRONMENTS)).doesNotThrowAnyException();
    }

    @Test
    void anAttemptSentElsewhereSinceRunsNothingOnItsFirstNode() {
        Spider spider = rows.spider("echo hi");
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");
        // The workflow took attempt 1 for lost; attempt 2 went to node-b.
        tasks.claim(task.id(), 2, "node-b");

        assertThatThrownBy(() -> inputs.checkRun(run(task, 1), "node-a", WORKSPACE, ENVIRONMENTS))
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("attempt 1 of task " + task.id() + " is no longer this node's (the task's attempt 2"
                        + " is on node node-b)");
        // Nor does the late step of the old attempt run on the node that has the new one.
        assertThatThrownBy(() -> inputs.checkRun(run(task, 1), "node-b", WORKSPACE, ENVIRONMENTS))
                .isInstanceOf(ApplicationFailure.class);
        assertThatCode(() -> inputs.checkRun(run(task, 2), "node-b", WORKSPACE, ENVIRONMENTS)).doesNotThrowAnyException();
    }

    @Test
    void anAttemptRedispatchedToTheSameNodeRunsOnlyAsTheNewAttempt() {
        Spider spider = rows.spider("echo hi");
        Task task = rows.pendingTask(spider);
        tasks.claim(task.id(), 1, "node-a");
        tasks.claim(task.id(), 2, "node-a");

        assertThatThrownBy(() -> inputs.checkRun(run(task, 1), "node-a", WORKSPACE, ENVIRONMENTS))
                .isInstanceOf(ApplicationFailure.class);
        assertThatCode(() -> inputs.checkRun(run(task, 2), "node-a", WORKSPACE, ENVIRONMENTS)).doesNotThrowAnyException();
    }
}
