package dev.crawlyard.workflows.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.workflows.task.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery workflow under time skipping: Temporal retries the send with back-off until it goes
 * through, and when the retry window closes the delivery is given up, once.
 */
class WebhookDeliveryWorkflowTest {

    /** Fails its first {@code failures} sends, as a receiver answering 500 would make the real one do. */
    static final class ScriptedSender implements WebhookActivities {
        final AtomicInteger failures;
        final AtomicInteger sends = new AtomicInteger();
        final List<Long> givenUp = Collections.synchronizedList(new ArrayList<>());

        ScriptedSender(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void send(long deliveryId) {
            sends.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw ApplicationFailure.newFailure("answered 500", "webhook-status-500");
            }
        }

        @Override
        public void giveUp(long deliveryId) {
            givenUp.add(deliveryId);
        }
    }

    private TestWorkflowEnvironment environment;

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        environment.close();
    }

    private ScriptedSender deliver(int failures, Duration retryFor) {
        ScriptedSender sender = new ScriptedSender(failures);
        Worker worker = environment.newWorker(TaskQueues.WORKFLOWS);
        worker.registerWorkflowImplementationTypes(WebhookDeliveryWorkflowImpl.class);
        worker.registerActivitiesImplementations(sender);
        environment.start();
        WebhookDeliveryWorkflow workflow = environment.getWorkflowClient().newWorkflowStub(WebhookDeliveryWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(WebhookDeliveryWorkflow.workflowId(7))
                        .setTaskQueue(TaskQueues.WORKFLOWS).build());
        workflow.deliver(new DeliveryRequest(7, Duration.ofSeconds(30), Duration.ofHours(2), retryFor));
        return sender;
    }

    @Test
    void aSendThatFailsTwiceIsRetriedAndGoesThroughOnTheThird() {
        ScriptedSender sender = deliver(2, Duration.ofDays(1));

        assertThat(sender.sends).hasValue(3);
        assertThat(sender.givenUp).isEmpty();
    }

    @Test
    void aSendThatNeverGoesThroughIsGivenUpOnceWhenTheWindowCloses() {
        ScriptedSender sender = deliver(Integer.MAX_VALUE, Duration.ofDays(1));

        // 30 s doubling to 2 h over a day: a dozen or more attempts, then one give-up.
        assertThat(sender.sends.get()).isGreaterThan(10);
        assertThat(sender.givenUp).containsExactly(7L);
    }
}
