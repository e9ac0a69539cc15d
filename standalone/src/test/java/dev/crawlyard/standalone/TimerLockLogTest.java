package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded Temporal's timer keeps no log of its time locks ({@link TimerLockLog}), which grew
 * by every workflow and slowed every later one, while time still runs as the wall clock does: a
 * timer of a second takes a second, not none (the test server skips time when it is not locked).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TimerLockLogTest {

    private EmbeddedTemporalFixture fixture;

    @WorkflowInterface
    public interface Sleeper {
        @WorkflowMethod
        long sleepThenStep(long millis);
    }

    @ActivityInterface
    public interface Step {
        void step();
    }

    public static final class SleeperImpl implements Sleeper {
        private final Step step = Workflow.newActivityStub(Step.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

        @Override
        public long sleepThenStep(long millis) {
            long before = Workflow.currentTimeMillis();
            Workflow.sleep(Duration.ofMillis(millis));
            step.step();
            return Workflow.currentTimeMillis() - before;
        }
    }

    @BeforeEach
    void start() {
        fixture = EmbeddedTemporalFixture.start(worker -> {
            worker.registerWorkflowImplementationTypes(SleeperImpl.class);
            worker.registerActivitiesImplementations((Step) () -> { });
        });
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void manyWorkflowsLeaveNoLockEventsBehindAndTimersStillTakeTheirTime() throws Exception {
        List<WorkflowStub> runs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Sleeper sleeper = fixture.client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(EmbeddedTemporalFixture.QUEUE).setWorkflowId("sleeper-" + UUID.randomUUID()).build());
            WorkflowClient.start(sleeper::sleepThenStep, 10L);
            runs.add(WorkflowStub.fromTyped(sleeper));
        }
        for (WorkflowStub run : runs) {
            assertThat(run.getResult(20, TimeUnit.SECONDS, Long.class)).isGreaterThanOrEqualTo(10L);
        }

        // Before, each workflow left about eight events on the log for good (801 for these).
        assertThat(fixture.temporal.timerLockLogSize()).isZero();

        Sleeper longer = fixture.client.newWorkflowStub(Sleeper.class, WorkflowOptions.newBuilder()
                .setTaskQueue(EmbeddedTemporalFixture.QUEUE).setWorkflowId("sleeper-" + UUID.randomUUID()).build());
        long started = System.nanoTime();
        assertThat(longer.sleepThenStep(1_000L)).isGreaterThanOrEqualTo(1_000L);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
