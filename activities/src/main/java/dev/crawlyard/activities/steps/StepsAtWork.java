package dev.crawlyard.activities.steps;

import dev.crawlyard.workflows.steps.StepActivities;
import dev.crawlyard.workflows.steps.StepQuery;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The steps this node is at work on, known from the node's own workers: every activity run passes
 * through this interceptor, which counts it in while it runs. It answers the task workflow's
 * question whether a step it sent is being worked on here ({@link StepActivities}).
 */
public final class StepsAtWork extends WorkerInterceptorBase implements StepActivities {

    /** Runs at work, by workflow and activity type (a step may run twice at once when Temporal retries it). */
    private final ConcurrentHashMap<StepQuery, Integer> atWork = new ConcurrentHashMap<>();

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        // The SDK builds the chain afresh for each run of an activity, and gives it that run's context.
        return new ActivityInboundCallsInterceptorBase(next) {
            private StepQuery step;

            @Override
            public void init(ActivityExecutionContext context) {
                ActivityInfo info = context.getInfo();
                step = new StepQuery(info.getWorkflowId(), info.getActivityType());
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                atWork.merge(step, 1, Integer::sum);
                try {
                    return super.execute(input);
                } finally {
                    atWork.computeIfPresent(step, (key, runs) -> runs > 1 ? runs - 1 : null);
                }
            }
        };
    }

    /** How many runs of activities are at work on this node's workers now. */
    public int atWork() {
        return atWork.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public boolean stepAtWork(StepQuery query) {
        return atWork.containsKey(query);
    }
}
