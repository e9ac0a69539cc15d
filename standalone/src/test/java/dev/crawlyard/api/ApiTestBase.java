package dev.crawlyard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.standalone.StandaloneApplication;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The standalone platform started for real (embedded Temporal and PostgreSQL, the in-process
 * node, Tomcat on a free port), shared by the API test classes through Spring's context cache.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ApiTestBase {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void standalone(DynamicPropertyRegistry registry) {
        StandaloneTestPlatform.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected TokenStore tokens;

    protected ApiClient api;

    @BeforeEach
    void authenticate() {
        api = new ApiClient(port, tokens.create("test-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret());
    }

    /** Registers a spider with a unique name and returns its id. */
    protected long spider(String command, Map<String, String> files) {
        String name = "spider-" + UUID.randomUUID();
        var reply = api.post("/api/spiders", ApiClient.json(Map.of("name", name, "command", command, "files", files)));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    /** Runs a spider and returns the new task's id. */
    protected long run(long spiderId) {
        var reply = api.post("/api/spiders/" + spiderId + "/run", null);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(202);
        // The answer comes once the task's workflow has started: a node may have taken it already.
        assertThat(reply.body().get("status").asString()).isIn("pending", "preparing", "running", "finished");
        return reply.body().get("id").asLong();
    }

    /** Polls the task through the API until it has {@code status}. */
    protected JsonNode awaitStatus(long taskId, String status) throws InterruptedException {
        return awaitStatus(taskId, status, WAIT);
    }

    /** Polls the task through the API until it has {@code status}, for at most {@code wait}. */
    protected JsonNode awaitStatus(long taskId, String status, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode task = api.get("/api/tasks/" + taskId).body();
        while (!task.get("status").asString().equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " did not reach " + status + ": " + task);
            }
            Thread.sleep(25);
            task = api.get("/api/tasks/" + taskId).body();
        }
        return task;
    }
}
