package dev.crawlyard.bench;

import dev.crawlyard.activities.processes.ProcessGroup;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Scenario 2: short tasks completed per second when many are submitted at once, beside the same
 * Temporal server running a no-op workflow with four no-op activities.
 */
final class Throughput implements Scenario {

    private static final String NOOP_QUEUE = "bench.noop";
    private static final String SPAWNING_QUEUE = "bench.noop-spawning";
    private static final int SUBMITTERS = 4;

    /** The JIT has settled when its compilers take less than this share of a round's time. */
    private static final double SETTLED = 0.1;

    /** At most this many warm-up rounds of each side, settled or not. */
    private static final int MAX_WARM_UPS = 15;

    private final int tasks;
    private String lastPhases = "";

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
        WorkflowClient client = platform.temporal();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        var worker = factory.newWorker(NOOP_QUEUE);
        worker.registerWorkflowImplementationTypes(NoopWorkflowImpl.class);
        worker.registerActivitiesImplementations(new NoopWorkflowImpl.Activities());
        // The second ceiling: the same no-op workflow whose run step starts the process a node starts
        // for a spider of `true` (its own session, as a runner's user when the node has them, under sh).
        List<String> spiderProcess = ProcessGroup.inOwnSession(
                platform.runnerUsers().asUser(0, List.of("/bin/sh", "-c", "true")));
        var spawning = factory.newWorker(SPAWNING_QUEUE);
        spawning.registerWorkflowImplementationTypes(NoopWorkflowImpl.class);
        spawning.registerActivitiesImplementations(new NoopWorkflowImpl.Spawning(spiderProcess));
        factory.start();
        try {
            // Warm-up rounds of each, unmeasured, until the JIT has settled, so that neither side pays
            // for compiling: one round as large as the measured one left the compilers busy for the
            // whole measured round (10 s of compiling in a 7 s round, 2 cores), and eight rounds left
            // them busy for half of it (the platform's JVM holds Spring, Tomcat, the Temporal server
            // and SDK, gRPC and JDBC: a minute of load on 2 cores does not compile all it uses).
            WarmUp oursWarm = warmUp(() -> tasksPerSecond(platform, spider, tasks));
            WarmUp noopsWarm = warmUp(() -> noopsPerSecond(client, NOOP_QUEUE, tasks));
            String warmUps = String.format(Locale.ROOT, "%d rounds of tasks, the first at %.1f tasks/s, and %d of"
                    + " no-op workflows, the first at %.1f/s", oursWarm.rounds(), oursWarm.firstRate(),
                    noopsWarm.rounds(), noopsWarm.firstRate());
            double[] before = {CpuClock.jvmMillis(), CpuClock.postgresMillis(), CpuClock.compilationMillis(),
                CpuClock.childrenMillis()};
            Map<String, Double> threadsBefore = CpuClock.threadGroupMillis();
            double ours = tasksPerSecond(platform, spider, tasks);
            double[] between = {CpuClock.jvmMillis(), CpuClock.postgresMillis(), CpuClock.compilationMillis(),
                CpuClock.childrenMillis()};
            Map<String, Double> threadsBetween = CpuClock.threadGroupMillis();
            double ceiling = noopsPerSecond(client, NOOP_QUEUE, tasks);
            double[] after = {CpuClock.jvmMillis(), CpuClock.postgresMillis(), CpuClock.compilationMillis()};
            Map<String, Double> threadsAfter = CpuClock.threadGroupMillis();
            // Not part of the measured pair above: it runs after both, warmed up by one round of its own.
            noopsPerSecond(client, SPAWNING_QUEUE, tasks);
            double spawningCeiling = noopsPerSecond(client, SPAWNING_QUEUE, tasks);
            String cpu = String.format(Locale.ROOT, "processor time per task: %.1f ms in the platform's JVM (with"
                    + " the spiders' processes; of it %.1f ms compiling) and %.1f ms in PostgreSQL, beside %.1f ms"
                    + " (%.1f ms compiling) and %.1f ms per no-op workflow (%.1f× in all)",
                    (between[0] - before[0]) / tasks, (between[2] - before[2]) / tasks, (between[1] - before[1]) / tasks,
                    (after[0] - between[0]) / tasks, (after[2] - between[2]) / tasks, (after[1] - between[1]) / tasks,
                    (between[0] - before[0] + between[1] - before[1]) / (after[0] - between[0] + after[1] - between[1]));
            return List.of(new Figure(name(), "tasks/s", ours, ceiling, ">= 60% of ceiling",
                    tasks + " tasks of `true` submitted through the API by " + SUBMITTERS + " clients, after warm-up"
                            + " rounds of as many until the JIT compilers took under " + Math.round(100 * SETTLED)
                            + "% of a round's time (" + warmUps + ")"
                            + "; ceiling: "
                            + tasks + " no-op workflows with 4 no-op activities on the same Temporal, started by as many clients; "
                            + lastPhases + "; " + cpu + "; a task's time by thread: "
                            + byThread(threadsBefore, threadsBetween, tasks, between[3] - before[3],
                                    between[0] - before[0])
                            + "; a no-op workflow's: " + byThread(threadsBetween, threadsAfter, tasks, 0,
                                    after[0] - between[0])),
                    new Figure(name(), "tasks/s beside no-ops that start a process", ours, spawningCeiling,
                            "context: no goal",
                            "the same tasks beside a second ceiling, measured after the first: " + tasks
                                    + " no-op workflows of 4 activities whose run step starts and waits for `"
                                    + String.join(" ", spiderProcess) + "`, the process a node starts for a"
                                    + " spider of `true`, so that the ratio shows what the platform adds beyond"
                                    + " Temporal and the spider's process"));
        } finally {
            factory.shutdownNow();
        }
    }

    /** How many warm-up rounds ran, and the rate of the first (the JIT's coldest). */
    private record WarmUp(int rounds, double firstRate) {
    }

    /**
     * Runs warm-up rounds until the compilers spent under {@link #SETTLED} of a round's time
     * compiling (their time summed over compiler threads), at most {@link #MAX_WARM_UPS}.
     */
    private static WarmUp warmUp(Callable<Double> round) throws Exception {
        double firstRate = Double.NaN;
        for (int rounds = 1; ; rounds++) {
            double compiledBefore = CpuClock.compilationMillis();
            long start = System.nanoTime();
            double rate = round.call();
            double compiling = CpuClock.compilationMillis() - compiledBefore;
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (rounds == 1) {
                firstRate = rate;
            }
            if (compiling < SETTLED * elapsed || rounds == MAX_WARM_UPS) {
                return new WarmUp(rounds, firstRate);
            }
        }
    }

    /**
     * The processor time per task of the busiest thread groups between two readings, the spiders'
     * processes, and the rest of the JVM's time (its JIT and garbage collector, and threads that ended).
     */
    private static String byThread(Map<String, Double> from, Map<String, Double> to, int count, double children,
            double jvm) {
        Map<String, Double> spent = new HashMap<>();
        to.forEach((name, millis) -> spent.put(name, millis - from.getOrDefault(name, 0.0)));
        double threads = spent.values().stream().mapToDouble(Double::doubleValue).sum();
        String top = spent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue() / count))
                .collect(Collectors.joining(", "));
        return top + String.format(Locale.ROOT, ", spiders' processes %.1f ms, other JVM time (JIT, GC, ended threads)"
                + " %.1f ms", children / count, (jvm - children - threads) / count);
    }

    /** Runs {@code count} tasks of the spider from several clients; the tasks per second from first accepted to last ended. */
    double tasksPerSecond(Platform platform, long spider, int count) throws Exception {
        List<Long> ids = submit(count, () -> platform.run(spider));
        ids.sort(null);
        // Wait on the database rather than polling the API, so that the waiting costs the platform
        // about as little as waiting on the ceiling's workflows does.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (platform.jdbc().queryForObject("""
                SELECT count(*) FROM tasks WHERE id BETWEEN ? AND ?
                AND status IN ('pending', 'preparing', 'running')""", Long.class, ids.getFirst(), ids.getLast()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tasks did not all end within 5 minutes");
            }
            Platform.sleep(20);
        }
        double seconds = platform.jdbc().queryForObject("""
                SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM tasks WHERE id BETWEEN ? AND ?""",
                Double.class, ids.getFirst(), ids.getLast());
        Map<String, Object> phases = platform.jdbc().queryForMap("""
                SELECT avg(extract(epoch FROM started_at - created_at)) * 1000 AS waiting,
                       avg(extract(epoch FROM finished_at - started_at)) * 1000 AS running,
                       extract(epoch FROM max(created_at) - min(created_at)) AS submitting
                FROM tasks WHERE id BETWEEN ? AND ?""", ids.getFirst(), ids.getLast());
        lastPhases = String.format(Locale.ROOT, "submitting took %.1f s; a task waited %.0f ms on average"
                        + " from accepted to started and %.0f ms from started to finished",
                ((Number) phases.get("submitting")).doubleValue(), ((Number) phases.get("waiting")).doubleValue(),
                ((Number) phases.get("running")).doubleValue());
        return count / seconds;
    }

    private static double noopsPerSecond(WorkflowClient client, String queue, int count) throws Exception {
        long start = System.nanoTime();
        List<WorkflowStub> runs = submit(count, () -> {
            NoopWorkflow noop = client.newWorkflowStub(NoopWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(queue).setWorkflowId("noop-" + UUID.randomUUID()).build());
            WorkflowClient.start(noop::run);
            return WorkflowStub.fromTyped(noop);
        });
        for (WorkflowStub run : runs) {
            run.getResult(Void.class);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Submits {@code count} runs from {@link #SUBMITTERS} threads, as several clients would. */
    private static <T> List<T> submit(int count, Callable<T> one) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(one));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
