package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Attempt;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node with one runner runs one spider at a time, also when a step before the process is retried. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RunnerLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path workRoot;

    private final RunnerSlots slots = new RunnerSlots(1);
    private final AttemptStore attempts = new AttemptStore(TestDatabase.shared().jdbcClient());
    private TestWorkflowEnvironment environment;
    private TaskLauncher launcher;

    @BeforeEach
    void startEnvironment() {
        environment = TestNode.realTime("node-one", workRoot, slots);
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    @AfterEach
    void stopEnvironment() {
        environment.close();
    }

    @Test
    void aDependencyInstallThatFailsOnceKeepsItsRunnerSoThatNoSecondSpiderRunsBesideIt() throws Exception {
        // The environments' directory is a file at first, so the first install fails with an I/O
        // error, which Temporal retries a second later; by then the file is gone.
        Path environments = workRoot.resolve("envs");
        Files.createDirectories(workRoot);
        // The node made the (empty) directory when it started: a file takes its place.
        Files.deleteIfExists(environments);
        Files.writeString(environments, "in the way");
        Spider installing = launcher.spiderInstalledBy("sleep 3", "true", Map.of());
        Launched first = launcher.launch(installing, TaskLauncher.QUICK, ItemPolicy.NONE);
        awaitFailedAttemptOf(first, "InstallDependencies");
        Launched second = launcher.launch("sleep 2", Map.of());
        Files.delete(environments);

        assertThat(first.workflow().getResult(WAIT.toSeconds(), TimeUnit.SECONDS, TaskOutcome.class).status())
                .isEqualTo(TaskStatus.FINISHED);
        assertThat(second.workflow().getResult(WAIT.toSeconds(), TimeUnit.SECONDS, TaskOutcome.class).status())
                .isEqualTo(TaskStatus.FINISHED);

        Attempt a = attempts.list(first.task().id()).getFirst();
        Attempt b = attempts.list(second.task().id()).getFirst();
        assertThat(!b.startedAt().isBefore(a.endedAt()) || !a.startedAt().isBefore(b.endedAt()))
                .as("the spiders ran one after the other: %s and %s", a, b).isTrue();
        assertThat(slots.inUse()).isZero();
    }

    /** Waits until the workflow's pending {@code activityType} has failed at least once. */
    private void awaitFailedAttemptOf(Launched launched, String activityType) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var described = environment.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(environment.getNamespace())
                            .setExecution(WorkflowExecution.newBuilder()
                                    .setWorkflowId(launched.workflow().getExecution().getWorkflowId()))
                            .build());
            for (PendingActivityInfo pending : described.getPendingActivitiesList()) {
                if (pending.getActivityType().getName().equals(activityType) && pending.hasLastFailure()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(activityType + " never failed");
    }
}
