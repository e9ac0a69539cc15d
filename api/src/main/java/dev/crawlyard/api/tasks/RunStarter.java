package dev.crawlyard.api.tasks;

import dev.crawlyard.api.ApiProperties;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.run.RunOrder;
import dev.crawlyard.workflows.run.RunStarted;
import dev.crawlyard.workflows.run.RunWorkflow;
import dev.crawlyard.workflows.task.TaskQueues;
import io.grpc.Context;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a checked run request to Temporal as one {@link RunWorkflow}, whose id comes from the
 * request, and waits (bounded) for the tasks it made. The api writes no task itself: either the run
 * starts, and Temporal sees that all its tasks are made and started, or it does not and nothing is
 * made. A request sent again with the same key finds the same run.
 */
@Component
class RunStarter {

    private static final Logger log = LoggerFactory.getLogger(RunStarter.class);

    /** Ends the calls to Temporal that outlive their request's deadline. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("run-request-deadlines").factory());

    private final WorkflowClient temporal;
    private final TaskStore tasks;
    private final Duration timeout;

    RunStarter(WorkflowClient temporal, TaskStore tasks, ApiProperties properties) {
        this.temporal = temporal;
        this.tasks = tasks;
        this.timeout = properties.runTimeout();
    }

    /** Starts (or finds) the run {@code key} of the spider and returns its tasks, in order. */
    List<Task> start(RunOrder order, String key) {
        String workflowId = RunWorkflow.workflowId(order.spiderId(), key);
        long deadline = System.nanoTime() + timeout.toNanos();
        WorkflowStub run = temporal.newUntypedWorkflowStub(RunWorkflow.class.getSimpleName(), WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowId(workflowId)
                // A request sent again must find this run, running or ended, and never start another.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
        // Temporal's client retries an unreachable server for a minute; the request waits less.
        try (Context.CancellableContext bounded = Context.current()
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, DEADLINES)) {
            WorkflowStub starting = run;
            bounded.run(() -> starting.start(order));
        } catch (WorkflowExecutionAlreadyStarted e) {
            log.debug("run {} was asked for before; answering with its tasks", workflowId);
            run = temporal.newUntypedWorkflowStub(workflowId, Optional.empty(),
                    Optional.of(RunWorkflow.class.getSimpleName()));
        } catch (RuntimeException e) {
            log.warn("could not start the run {}: {}", workflowId, e.toString());
            throw ApiException.unavailable("Temporal is unreachable, so no task was made: " + rootMessage(e)
                    + ". Send the request again (with the header Idempotency-Key: " + key + " it makes its tasks"
                    + " once, however many times it is sent)");
        }
        RunStarted started;
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            started = run.getResult(left, TimeUnit.NANOSECONDS, RunStarted.class);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("the run's tasks were not made within " + timeout.toSeconds() + " s (is a"
                    + " workflow host running?); the run goes on: send the request again with the header"
                    + " Idempotency-Key: " + key + " to get its tasks");
        } catch (WorkflowFailedException e) {
            throw ApiException.unavailable("the run could not make its tasks: " + rootMessage(e));
        } catch (WorkflowException e) {
            throw ApiException.unavailable("Temporal did not answer for the run (" + rootMessage(e) + "); send the"
                    + " request again with the header Idempotency-Key: " + key);
        }
        List<Task> made = tasks.findByRunKey(workflowId);
        if (made.size() != started.taskIds().size()) {
            throw new IllegalStateException("run " + workflowId + " made tasks " + started.taskIds() + " but "
                    + made.stream().map(Task::id).toList() + " are on record");
        }
        return made;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
