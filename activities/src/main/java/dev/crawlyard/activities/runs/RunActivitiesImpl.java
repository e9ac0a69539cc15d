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
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a run request's tasks through the planner, as a schedule firing makes its own. */
public final class RunActivitiesImpl implements RunActivities {

    private static final Logger log = LoggerFactory.getLogger(RunActivitiesImpl.class);

    private final SpiderStore spiders;
    private final TaskPlanner planner;

    public RunActivitiesImpl(SpiderStore spiders, TaskPlanner planner) {
        this.spiders = spiders;
        this.planner = planner;
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
