package dev.crawlyard.workflows.run;

import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskWorkflow;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
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
 * A run request's orchestration: one local activity (in the process hosting this workflow) makes
 * the task rows (one statement) and starts each task's workflow. A worker that dies part-way leaves
 * the run to be retried by another, which finds the rows made and starts what is not started yet.
 */
public final class RunWorkflowImpl implements RunWorkflow {

    private static final Logger log = Workflow.getLogger(RunWorkflowImpl.class);

    /**
     * The tasks' workflows are started by the local activity that makes their rows, and the run ends
     * in the same workflow task. Before, each started as a child of the run, which took the run a
     * second workflow task (for the children's start) and the server a child's bookkeeping for each
     * task, while the tasks outlived the run all the same.
     */
    static final String START_TASKS_IN_ACTIVITY = "start-tasks-in-activity";

    /**
     * Making the rows is one INSERT, so 30 s a try is ample; it is retried with backoff for up to a
     * day, so that a run accepted while the database is away is made when it comes back (the
     * request that asked for it stops waiting long before, and may ask again with its key).
     */
    private final RunActivities runs = Workflow.newLocalActivityStub(RunActivities.class,
            LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setScheduleToCloseTimeout(Duration.ofDays(1))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofMillis(200))
                            .setMaximumInterval(Duration.ofSeconds(30))
                            .setDoNotRetry(IllegalArgumentException.class.getName())
                            .build())
                    .build());

    @Override
    public RunStarted run(RunOrder order) {
        MakeTasksRequest request = new MakeTasksRequest(Workflow.getInfo().getWorkflowId(), order);
        if (Workflow.getVersion(START_TASKS_IN_ACTIVITY, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
            return new RunStarted(runs.makeAndStartTasks(request).tasks().stream().map(TaskRequest::taskId).toList());
        }
        return startAsChildren(runs.makeTasks(request));
    }

    /** Before {@link #START_TASKS_IN_ACTIVITY}: each task's workflow started as a child that outlives the run. */
    private RunStarted startAsChildren(RunTasks made) {
        List<Promise<WorkflowExecution>> started = new ArrayList<>();
        List<Long> taskIds = new ArrayList<>();
        for (TaskRequest request : made.tasks()) {
            TaskWorkflow task = Workflow.newChildWorkflowStub(TaskWorkflow.class, ChildWorkflowOptions.newBuilder()
                    .setWorkflowId(TaskRequest.workflowId(request.taskId()))
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    // The tasks run on after their run has ended.
                    .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                    .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                    .build());
            Async.function(task::run, request);
            started.add(Workflow.getWorkflowExecution(task));
            taskIds.add(request.taskId());
        }
        for (int i = 0; i < started.size(); i++) {
            try {
                started.get(i).get();
            } catch (ChildWorkflowFailure e) {
                if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
                    throw e;
                }
                // Started already (a cancel that came first started it, to end it): it is live or ended.
                log.info("the workflow of task {} was started already", taskIds.get(i));
            }
        }
        return new RunStarted(taskIds);
    }
}
