package dev.crawlyard.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /**
     * The activities of the second ceiling: the run step starts a process and waits for it, the
     * rest do nothing. Its {@code argv} is a spider's process as a node starts it (see Throughput).
     */
    public static final class Spawning extends Activities {
        private final List<String> argv;

        public Spawning(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        @Override
        public void execute() {
            try {
                Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(argv + " did not end within 30 s");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The activities: nothing at all. */
    public static class Activities implements NoopActivities {
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
