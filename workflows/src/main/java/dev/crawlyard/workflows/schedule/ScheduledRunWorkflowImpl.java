package dev.crawlyard.workflows.schedule;

import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskStatus;
import dev.crawlyard.workflows.task.TaskWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * A firing's orchestration. The decision to auto-pause is made here; the pausing itself is an
 * activity, because it writes the row and talks to the schedule's backend.
 */
public final class ScheduledRunWorkflowImpl implements ScheduledRunWorkflow {

    private static final Logger log = Workflow.getLogger(ScheduledRunWorkflowImpl.class);

    /**
     * The bookkeeping only reads and writes rows, so 30 s per attempt is ample; it retries for up
     * to an hour because a firing whose tasks are never made would silently skip a run.
     */
    private final ScheduleActivities schedules = Workflow.newActivityStub(ScheduleActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setScheduleToCloseTimeout(Duration.ofHours(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
                    .build());

    @Override
    public ScheduledRunResult run(ScheduledRun run) {
        // The run id names the firing: each cron run and each Temporal Schedule action has its own.
        String firing = Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getRunId();
        FiringTasks firingTasks = schedules.startRun(new StartRunRequest(run.scheduleId(), firing));
        if (firingTasks.tasks().isEmpty()) {
            log.info("schedule {} fired and made no task: {}", run.scheduleId(), firingTasks.skipReason());
            return new ScheduledRunResult(List.of(), true, false);
        }
        List<Promise<TaskOutcome>> outcomes = new ArrayList<>();
        List<Long> taskIds = new ArrayList<>();
        for (TaskRequest request : firingTasks.tasks()) {
            TaskWorkflow task = Workflow.newChildWorkflowStub(TaskWorkflow.class, ChildWorkflowOptions.newBuilder()
                    .setWorkflowId(TaskRequest.workflowId(request.taskId()))
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    // A terminated firing (a cron schedule paused mid-run) leaves its tasks running; a
                    // cancelled one (overlap "cancel other") cancels them through its cancellation scope.
                    .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                    .build());
            outcomes.add(Async.function(task::run, request));
            taskIds.add(request.taskId());
        }
        boolean succeeded = true;
        for (Promise<TaskOutcome> outcome : outcomes) {
            try {
                succeeded &= outcome.get().status() == TaskStatus.FINISHED;
            } catch (ChildWorkflowFailure e) {
                succeeded = false;
            }
        }
        ScheduleHealth health = schedules.recordOutcome(new RunOutcome(run.scheduleId(), firing, succeeded));
        boolean autoPause = health.shouldAutoPause();
        if (autoPause) {
            String note = "paused automatically after " + health.consecutiveFailures() + " consecutive failed runs";
            log.warn("schedule {}: {}", run.scheduleId(), note);
            schedules.pause(new PauseRequest(run.scheduleId(), note, firing));
        }
        return new ScheduledRunResult(taskIds, succeeded, autoPause);
    }
}
