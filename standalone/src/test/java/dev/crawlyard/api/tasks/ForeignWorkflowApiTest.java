package dev.crawlyard.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tasks.NewTask;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskPolicy;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskStatus;
import dev.crawlyard.workflows.task.TaskWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import dev.crawlyard.standalone.EmbeddedServices;
import tools.jackson.databind.JsonNode;

/**
 * Anyone who reaches the embedded Temporal can start a {@code task-<id>} workflow on the
 * platform's queues. Started there directly (not through the API) with a command of its own, it
 * runs nothing: the task the API created ends in error saying why, and a workflow for a task that
 * does not exist ends with no trace. The command would leave a marker where any spider may write.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ForeignWorkflowApiTest extends ApiTestBase {

    @Autowired
    EmbeddedServices embedded;

    @Autowired
    TaskStore tasks;

    @TempDir
    Path scratch;

    private WorkflowServiceStubs stubs;
    private WorkflowClient outsider;
    private Path marker;

    @BeforeEach
    void connectAsAnOutsider() throws Exception {
        // A client of its own, as an outsider's would be who got hold of the API key (without it,
        // the embedded Temporal refuses every call, see EmbeddedTemporalKeyTest): nothing shared with
        // the platform but the address and the key.
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(embedded.temporalAddress().orElseThrow())
                .addApiKey(() -> embedded.temporalApiKey().orElseThrow()).setEnableHttps(false).build());
        outsider = WorkflowClient.newInstance(stubs);
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
        marker = scratch.resolve("marker");
    }

    @AfterEach
    void disconnect() {
        stubs.shutdownNow();
    }

    @Test
    void aTaskWorkflowStartedOnTemporalWithACommandOfItsOwnDoesNotRunIt() throws Exception {
        long spider = spider("echo the real spider", Map.of());
        // A task row the API made, whose workflow the outsider starts first.
        Task task = tasks.create(new NewTask(spider, "echo the real spider", Map.of(), Map.of(), Duration.ZERO, 0, 1,
                null, null, false, null, null));

        TaskOutcome outcome = start(new TaskRequest(task.id(), spider, "touch " + marker, Map.of(), Map.of(),
                Map.of(), TaskPolicy.DEFAULTS, ItemPolicy.NONE, null, null, null));

        assertThat(marker).doesNotExist();
        assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
        JsonNode row = awaitStatus(task.id(), "error");
        assertThat(row.get("errorKind").asString()).isEqualTo("config");
        assertThat(row.get("errorMessage").asString()).contains("refused").contains("command")
                .contains("a workflow not started by the Crawlyard API runs nothing");
        assertThat(api.get("/api/tasks/" + task.id() + "/logs").body().get("lines")).isEmpty();
    }

    @Test
    void aTaskWorkflowForATaskThatDoesNotExistRunsNothing() throws Exception {
        long spider = spider("true", Map.of());
        long noSuchTask = 1_000_000_000L + System.nanoTime() % 1_000_000;

        TaskOutcome outcome = start(new TaskRequest(noSuchTask, spider, "touch " + marker, Map.of(), Map.of(),
                Map.of(), TaskPolicy.DEFAULTS, ItemPolicy.NONE, null, null, null));

        assertThat(marker).doesNotExist();
        assertThat(outcome.errorMessage()).contains("there is no task " + noSuchTask);
        assertThat(api.get("/api/tasks/" + noSuchTask).status()).isEqualTo(404);
    }

    private TaskOutcome start(TaskRequest request) {
        TaskWorkflow workflow = outsider.newWorkflowStub(TaskWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(TaskRequest.workflowId(request.taskId()))
                .build());
        return workflow.run(request);
    }
}
