package dev.crawlyard.bench;

import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Scenario 8, chaos: many short and long tasks over three worker JVMs while the node running the
 * most of them is SIGKILLed every {@code killEvery} and started again under a new key, and the api
 * is restarted once mid-run, with PostgreSQL and Temporal each in a JVM of its own. Then it checks
 * what a user would: every task ended, no item lost or stored twice in a task's final attempt, every
 * attempt a kill interrupted on record as lost, no spider left running; and how long a task took to
 * run again after its node was killed.
 */
final class ChaosScenario implements Scenario {

    /** Every fifth task is long: twenty items a second apart; the others print three at once. */
    private static final int LONG_EVERY = 5;

    private final int tasks;
    private final int minKills;
    private final Duration killEvery;
    private final Duration submitEvery;
    private final String script = "chaos-" + UUID.randomUUID().toString().substring(0, 8) + ".py";

    /** A kill: the node, when, and the attempts that were open on it then. */
    record Kill(String node, Instant at, List<long[]> openAttempts) {
    }

    ChaosScenario(int tasks, int minKills, Duration killEvery, Duration submitEvery) {
        this.tasks = tasks;
        this.minKills = minKills;
        this.killEvery = killEvery;
        this.submitEvery = submitEvery;
    }

    @Override
    public String name() {
        return "chaos";
    }

    @Override
    public boolean needsPlatform() {
        return false;
    }

    @Override
    public List<Figure> run(Platform unused) throws Exception {
        if (!ChaosProcesses.missingJars().isEmpty()) {
            return List.of(new Figure(name(), "-", Double.NaN, Double.NaN, "", "not run: build first, from the"
                    + " repository root (missing " + ChaosProcesses.missingJars() + ")"));
        }
        Path root = Files.createTempDirectory("crawlyard-chaos-");
        // A task may lose more nodes than the default three here: every node dies about once a minute.
        Map<String, String> settings = Map.of("CRAWLYARD_TASKS_MAX_LOST_NODES", "10");
        try (ChaosProcesses processes = new ChaosProcesses(root)) {
            processes.startPostgres();
            processes.startTemporal();
            processes.startWorkflowHost(settings);
            Process[] api = {processes.startApi(settings)};
            DriverManagerDataSource database = new DriverManagerDataSource(processes.jdbcUrl(), "postgres", "");
            JdbcTemplate jdbc = new JdbcTemplate(database);
            ChaosApi client = new ChaosApi(processes.apiPort,
                    new TokenStore(JdbcClient.create(database), jdbc).create("chaos-" + UUID.randomUUID(),
                            TokenRole.ADMIN, null).secret());
            long spider = client.post("/api/spiders", Map.of("name", "chaos", "command", "python3 " + script,
                    "files", Map.of(script, SPIDER)), Map.of()).body().get("id").asLong();

            Map<String, Process> nodes = new ConcurrentHashMap<>();
            List<Thread> starting = new ArrayList<>();
            for (String key : List.of("chaos-a", "chaos-b", "chaos-c")) {
                starting.add(Thread.ofVirtual().start(() -> nodes.put(key, processes.startWorker(key, settings))));
            }
            for (Thread thread : starting) {
                thread.join();
            }

            Instant began = Instant.now();
            List<Long> submitted = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger kills = new AtomicInteger();
            Thread submitter = Thread.ofPlatform().name("chaos-submitter").start(() -> {
                for (int i = 0; i < tasks || kills.get() < minKills; i++) {
                    boolean longTask = i % LONG_EVERY == 0;
                    submitted.add(client.run(spider, Map.of("count", longTask ? "20" : "3", "pause",
                            longTask ? "1" : "0"), "chaos-" + i));
                    Platform.sleep(submitEvery.toMillis());
                }
            });
            ApiRestart restart = new ApiRestart();
            Thread restarter = Thread.ofPlatform().name("chaos-api-restart").start(() -> {
                while (submitted.size() < tasks / 2) {
                    Platform.sleep(200);
                }
                restart.atTask = submitted.size();
                restart.run(api, processes, settings, client);
            });

            List<Kill> killed = new CopyOnWriteArrayList<>();
            int generation = 0;
            // Kills go on while tasks are being submitted (and until there were enough of them); then the
            // nodes are left alone for the last tasks to end, which are otherwise the busiest node's, killed
            // again and again.
            while (submitter.isAlive() || kills.get() < minKills) {
                Platform.sleep(killEvery.toMillis());
                // A node is killed only while three are up: a replacement joins before the next kill.
                long waitedFor = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (nodes.size() < 3 && System.nanoTime() < waitedFor) {
                    Platform.sleep(200);
                }
                String victim = busiest(jdbc, nodes.keySet());
                List<long[]> open = jdbc.query("SELECT task_id, attempt FROM task_attempts WHERE node_key = ?"
                        + " AND ended_at IS NULL", (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}, victim);
                Instant at = Instant.now();
                ChaosProcesses.kill(nodes.remove(victim));
                killed.add(new Kill(victim, at, open));
                kills.incrementAndGet();
                String replacement = victim.replaceAll("-\\d+$", "") + "-" + (++generation);
                Thread.ofVirtual().start(() -> nodes.put(replacement, processes.startWorker(replacement, settings)));
                if (Duration.between(began, Instant.now()).compareTo(Duration.ofMinutes(40)) > 0) {
                    break;
                }
            }
            submitter.join();
            restarter.join();
            awaitEnded(jdbc, spider, Duration.ofMinutes(15));
            Duration took = Duration.between(began, Instant.now());
            long leftAtEnd = spidersRunning();
            Platform.sleep(30_000);
            long leftLater = spidersRunning();
            return new ChaosChecks(jdbc, spider).figures(name(), submitted.size(), killed, took, restart, leftAtEnd,
                    leftLater);
        }
    }

    /** The api's restart mid-run: SIGTERM, a new JVM on the same port, and how long it was away. */
    static final class ApiRestart {
        volatile Duration downtime;
        volatile int atTask;

        void run(Process[] api, ChaosProcesses processes, Map<String, String> settings, ChaosApi client) {
            try {
                Instant stopping = Instant.now();
                ChaosProcesses.stop(api[0]);
                api[0] = processes.startApi(settings);
                while (!client.up()) {
                    Platform.sleep(100);
                }
                downtime = Duration.between(stopping, Instant.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long live(JdbcTemplate jdbc, long spider) {
        return jdbc.queryForObject("SELECT count(*) FROM tasks WHERE spider_id = ? AND status IN"
                + " ('pending', 'preparing', 'running')", Long.class, spider);
    }

    /** The live node with the most attempts under way: its death interrupts the most. */
    private static String busiest(JdbcTemplate jdbc, java.util.Set<String> alive) {
        List<String> keys = new ArrayList<>(alive);
        Collections.shuffle(keys);
        String best = keys.getFirst();
        long most = -1;
        for (String key : keys) {
            long open = jdbc.queryForObject("SELECT count(*) FROM task_attempts WHERE node_key = ? AND ended_at IS NULL",
                    Long.class, key);
            if (open > most) {
                most = open;
                best = key;
            }
        }
        return best;
    }

    private static void awaitEnded(JdbcTemplate jdbc, long spider, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (live(jdbc, spider) > 0 && System.nanoTime() < deadline) {
            Platform.sleep(1000);
        }
    }

    /** Spider processes of this run still alive: none should outlive its task. */
    private long spidersRunning() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(script))
                .count();
    }

    private static final String SPIDER = """
            import json, os, time
            params = json.load(open(os.environ["CRAWLYARD_CONFIG"]))["params"]
            for n in range(int(params["count"])):
                print(json.dumps({"ipc": True, "type": "data", "payload": {"n": n}}), flush=True)
                time.sleep(float(params["pause"]))
            """;
}
