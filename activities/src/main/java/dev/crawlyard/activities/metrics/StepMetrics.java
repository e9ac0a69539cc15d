package dev.crawlyard.activities.metrics;

import dev.crawlyard.planning.metrics.SpiderTags;
import dev.crawlyard.workflows.processes.RunRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Locale;
import java.util.Map;

/**
 * Times every step a node runs for a task (sync, install, run, stop), by step and outcome, and counts
 * the tasks whose process started, by spider. A worker interceptor, so the activities themselves carry
 * no metrics code; the step names are the activity types, a closed set.
 */
public final class StepMetrics extends WorkerInterceptorBase {

    private static final Map<String, String> STEPS = Map.of(
            "SyncFiles", "sync", "InstallDependencies", "install", "RunProcess", "run", "StopProcess", "stop");

    private final MeterRegistry registry;
    private final SpiderTags spiders;

    public StepMetrics(MeterRegistry registry, SpiderTags spiders) {
        this.registry = registry;
        this.spiders = spiders;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private String type = "unknown";

            @Override
            public void init(ActivityExecutionContext context) {
                type = context.getInfo().getActivityType();
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                String step = STEPS.getOrDefault(type, type.toLowerCase(Locale.ROOT));
                if (input.getArguments().length > 0 && input.getArguments()[0] instanceof RunRequest run) {
                    Counter.builder("crawlyard.tasks.started")
                            .description("Task attempts whose spider process a node started, by spider")
                            .tag("spider", spiders.of(run.spiderId())).register(registry).increment();
                }
                Timer.Sample sample = Timer.start(registry);
                String outcome = "failure";
                try {
                    ActivityOutput output = super.execute(input);
                    outcome = "success";
                    return output;
                } finally {
                    sample.stop(Timer.builder("crawlyard.task.step.duration")
                            .description("How long a node took over one step of a task")
                            .tag("step", step).tag("outcome", outcome).publishPercentileHistogram()
                            .register(registry));
                }
            }
        };
    }
}
