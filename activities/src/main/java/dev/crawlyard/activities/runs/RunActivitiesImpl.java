package dev.crawlyard.activities.runs;

import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.planning.TaskPlanner.PlannedTask;
import dev.crawlyard.planning.TaskPlanner.RunPlan;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.workflows.run.MakeTasksRequest;
import dev.crawlyard.workflows.run.RunActivities;
import dev.crawlyard.workflows.run.RunOrder;
import dev.crawlyard.workflows.run.RunTasks;
import dev.crawlyard.workflows.task.TaskRequest;
import dev.crawlyard.workflows.task.TaskWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a run request's tasks through the planner, as a schedule firing makes its own, and starts
 * their workflows through the client the hosting process talks to Temporal with.
 */
public final class RunActivitiesImpl implements RunActivities {

    private static final Logger log = LoggerFactory.getLogger(RunActivitiesImpl.class);

    private final SpiderStore spiders;
    private final TaskPlanner planner;
    private final WorkflowClient temporal;

    public RunActivitiesImpl(SpiderStore spiders, TaskPlanner planner, WorkflowClient temporal) {
        this.spiders = spiders;
        this.planner = planner;
        this.temporal = temporal;
    }

    @Override
    public RunTasks makeAndStartTasks(MakeTasksRequest request) {
        RunTasks made = makeTasks(request);
        for (TaskRequest task : made.tasks()) {
            try {
                WorkflowClient.start(temporal.newWorkflowStub(TaskWorkflow.class,
                        TaskRequest.startOptions(task.taskId()))::run, task);
            } catch (WorkflowExecutionAlreadyStarted e) {
                // Started by an earlier try of this call, or by a cancel that came first: live or ended.
                log.debug("the workflow of task {} was started already", task.taskId());
            }
        }
        return made;
    }

    @Override
    public RunTasks makeTasks(MakeTasksRequest request) {
        RunOrder order = request.order();
        // The request was checked against the spider when it was made; a spider gone since cannot run.
        Spider spider = spiders.find(order.spiderId()).orElseThrow(() ->
                new IllegalArgumentException("spider " + order.spiderId() + " does not exist"));
        List<String> targets = order.nodes().isEmpty() ? Collections.singletonList(null) : order.nodes();
        List<PlannedTask> planned = planner.create(spider, new RunPlan(order.params(), order.env(),
                order.runtimeLimit(), order.maxAttempts(), order.mode(), order.reassign(), order.version(), null,
                request.runKey(), order.container()), targets);
        log.debug("run {}: tasks {}", request.runKey(), planned.stream().map(p -> p.task().id()).toList());
        return new RunTasks(planned.stream().map(PlannedTask::request).toList());
    }
}
