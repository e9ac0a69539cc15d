package dev.crawlyard.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Runs the four no-op activities in order, as a task runs its four steps. */
public final class NoopWorkflowImpl implements NoopWorkflow {

    private final NoopActivities activities = Workflow.newActivityStub(NoopActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public void run() {
        activities.sync();
        activities.install();
        activities.execute();
        activities.complete();
    }

    /** The activities: nothing at all. */
    public static final class Activities implements NoopActivities {
        @Override
        public void sync() {
        }

        @Override
        public void install() {
        }

        @Override
        public void execute() {
        }

        @Override
        public void complete() {
        }
    }
}
