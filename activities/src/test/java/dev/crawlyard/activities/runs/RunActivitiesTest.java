package dev.crawlyard.activities.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TestNode;
import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.TestRows;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.run.MakeTasksRequest;
import dev.crawlyard.workflows.run.RunOrder;
import dev.crawlyard.workflows.run.RunTasks;
import dev.crawlyard.workflows.run.RunWorkflow;
import dev.crawlyard.workflows.task.DispatchMode;
import dev.crawlyard.workflows.task.TaskRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run's local activity makes its tasks and starts their workflows; Temporal retries it after a
 * failure or a worker's death part-way, so a second call must make no task and start no workflow
 * twice. No worker polls here: the started workflows wait, as they would for a busy host.
 */
@Timeout(60)
class RunActivitiesTest {

    private final JdbcClient jdbc = TestDatabase.shared().jdbcClient();
    private final TaskStore tasks = new TaskStore(jdbc);
    private TestWorkflowEnvironment environment;
    private RunActivitiesImpl runs;

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance();
        environment.start();
        runs = new RunActivitiesImpl(new SpiderStore(jdbc), new TaskPlanner(tasks, TestNode.WAITS), environment.getWorkflowClient());
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    @Test
    void aRetriedCallMakesNoMoreTasksAndStartsEachWorkflowOnce() {
        Spider spider = new TestRows(jdbc).spider("true");
        String runKey = RunWorkflow.workflowId(spider.id(), "retried-" + UUID.randomUUID());
        MakeTasksRequest request = new MakeTasksRequest(runKey, new RunOrder(spider.id(), Map.of(), Map.of(), null,
                null, DispatchMode.SELECTED, false, null, List.of("node-a", "node-b")));

        RunTasks first = runs.makeAndStartTasks(request);
        List<String> runIds = first.tasks().stream().map(task -> describe(task).getWorkflowExecutionInfo()
                .getExecution().getRunId()).toList();
        RunTasks again = runs.makeAndStartTasks(request);

        assertThat(first.tasks()).hasSize(2);
        assertThat(again.tasks()).extracting(TaskRequest::taskId)
                .isEqualTo(first.tasks().stream().map(TaskRequest::taskId).toList());
        assertThat(tasks.findByRunKey(runKey)).extracting(Task::id)
                .isEqualTo(first.tasks().stream().map(TaskRequest::taskId).toList());
        for (int i = 0; i < again.tasks().size(); i++) {
            DescribeWorkflowExecutionResponse described = describe(again.tasks().get(i));
            assertThat(described.getWorkflowExecutionInfo().getStatus())
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
            assertThat(described.getWorkflowExecutionInfo().getExecution().getRunId()).isEqualTo(runIds.get(i));
        }
    }

    private DescribeWorkflowExecutionResponse describe(TaskRequest task) {
        return environment.getWorkflowClient().newUntypedWorkflowStub(TaskRequest.workflowId(task.taskId()))
                .describe().getRawDescription();
    }
}
