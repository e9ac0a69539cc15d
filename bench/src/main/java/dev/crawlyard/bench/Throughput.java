package dev.crawlyard.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario 2: short tasks completed per second when many are submitted at once, beside the same
 * Temporal server running a no-op workflow with four no-op activities.
 */
final class Throughput implements Scenario {

    private static final String NOOP_QUEUE = "bench.noop";

    private final int tasks;

    Throughput(int tasks) {
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public List<Figure> run(Platform platform) throws Exception {
        long spider = platform.spider("true", Map.of());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            ids.add(platform.run(spider));
        }
        for (long id : ids) {
            platform.awaitEnd(id, Duration.ofMinutes(5));
        }
        double seconds = platform.jdbc().queryForObject("""
                SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM tasks WHERE id BETWEEN ? AND ?""",
                Double.class, ids.getFirst(), ids.getLast());
        long failed = platform.jdbc().queryForObject(
                "SELECT count(*) FROM tasks WHERE id BETWEEN ? AND ? AND status <> 'finished'", Long.class,
                ids.getFirst(), ids.getLast());

        WorkflowClient client = platform.temporal();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        var worker = factory.newWorker(NOOP_QUEUE);
        worker.registerWorkflowImplementationTypes(NoopWorkflowImpl.class);
        worker.registerActivitiesImplementations(new NoopWorkflowImpl.Activities());
        factory.start();
        try {
            List<WorkflowStub> runs = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                NoopWorkflow noop = client.newWorkflowStub(NoopWorkflow.class, WorkflowOptions.newBuilder()
                        .setTaskQueue(NOOP_QUEUE).setWorkflowId("noop-" + UUID.randomUUID()).build());
                WorkflowClient.start(noop::run);
                runs.add(WorkflowStub.fromTyped(noop));
            }
            for (WorkflowStub run : runs) {
                run.getResult(Void.class);
            }
            double ceilingSeconds = (System.nanoTime() - start) / 1e9;
            return List.of(new Figure(name(), "tasks/s", tasks / seconds, tasks / ceilingSeconds, ">= 50% of ceiling",
                    tasks + " tasks of `true` submitted at once (" + failed + " did not finish); ceiling: "
                            + tasks + " no-op workflows with 4 no-op activities on the same Temporal"));
        } finally {
            factory.shutdownNow();
        }
    }
}
