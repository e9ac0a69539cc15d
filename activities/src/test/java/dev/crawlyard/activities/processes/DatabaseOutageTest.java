package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.TaskLauncher;
import dev.crawlyard.activities.TaskLauncher.Launched;
import dev.crawlyard.activities.TestNode;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL goes away in the middle of a run and comes back: every log line and item the spider
 * printed lands exactly once, in order. The spool is kept small so that the outage also fills it
 * and the spider is held back rather than any output dropped.
 */
class DatabaseOutageTest {

    @TempDir
    Path workRoot;

    @TempDir
    Path dataDirectory;

    private EmbeddedPostgres postgres;
    private TestWorkflowEnvironment environment;

    @AfterEach
    void stopAll() throws Exception {
        if (environment != null) {
            environment.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anOutageMidRunLosesNoLineAndDuplicatesNone() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = start(port);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(2);
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        JdbcTemplate template = new JdbcTemplate(dataSource);

        environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        TestNode.register(environment, "node-o", workRoot, true, jdbc, template,
                RunnerSettings.defaults().withHeartbeatInterval(Duration.ofMillis(500)).withSpoolCapacity(64 * 1024));
        environment.start();
        TaskLauncher launcher = new TaskLauncher(environment.getWorkflowClient(), jdbc);

        String spider = """
                import json, time
                for i in range(20000):
                    if i % 10 == 0:
                        print(json.dumps({"ipc": True, "type": "data", "payload": {"i": i}}))
                    else:
                        print(f"line {i}")
                    if i % 1000 == 999:
                        time.sleep(0.25)
                """;
        Launched launched = launcher.launch("python3 steady.py", Map.of("steady.py", spider));
        long id = launched.task().id();
        launcher.awaitStatus(id, TaskStatus.RUNNING, Duration.ofSeconds(30));

        Thread.sleep(1000);
        postgres.close();
        Thread.sleep(4000);
        postgres = start(port);

        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);

        assertThat(outcome.status()).isEqualTo(TaskStatus.FINISHED);
        TaskLogStore logs = new TaskLogStore(jdbc, template);
        List<String> lines = new ArrayList<>();
        long after = 0;
        List<LogLine> page;
        while (!(page = logs.page(id, after, 5000)).isEmpty()) {
            page.forEach(line -> lines.add(line.line()));
            after = page.getLast().seq();
        }
        assertThat(lines).containsExactlyElementsOf(
                IntStream.range(0, 20000).filter(i -> i % 10 != 0).mapToObj(i -> "line " + i).toList());
        assertThat(new ItemStore(jdbc, template).count(id)).isEqualTo(2000);
        assertThat(launcher.row(id).progress().items()).isEqualTo(2000);
        assertThat(launcher.row(id).progress().logLines()).isEqualTo(18000);
    }

    private EmbeddedPostgres start(int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }
}
