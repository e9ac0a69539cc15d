package dev.crawlyard.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A spider written for a container platform reports over HTTP, with the token it was given. */
class HttpHeartbeatTest extends ApiTestBase {

    private static final String SPIDER = """
            import json, os, sys, time, urllib.request

            def post(path, body, token=os.environ["CRAWLYARD_TASK_TOKEN"]):
                request = urllib.request.Request(os.environ["API_BASE_URL"] + path, data=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
                try:
                    with urllib.request.urlopen(request) as response:
                        return response.status
                except urllib.error.HTTPError as e:
                    return e.code

            me = os.environ["TASK_EXECUTION_ID"]
            print("heartbeat", post("/api/v1/monitoring/heartbeat", {"execution_id": me, "status": "crawling", "progress": 40}))
            print("other task", post("/api/v1/monitoring/heartbeat", {"execution_id": str(int(me) + 1000), "status": "x", "progress": 1}))
            print("other endpoint", post("/api/v1/monitoring/heartbeat".replace("v1/monitoring/heartbeat", "tasks"), {}))
            print("completion", post("/api/v1/monitoring/completion", {"execution_id": me, "status": "completed",
                "result_data": {"pages": 12}, "error_message": "2 pages failed"}))
            time.sleep(float(sys.argv[1]))
            """;

    @Test
    void theSpidersHeartbeatAndCompletionBecomeProgressAndResultOnItsTaskOnly() throws Exception {
        long spider = spider("python3 container_spider.py 3", Map.of("container_spider.py", SPIDER));
        long task = run(spider);

        JsonNode running = awaitStatus(task, "running");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running.get("result").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            running = api.get("/api/tasks/" + task).body();
        }

        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(running.get("progress").get("stage").asString()).isEqualTo("completed");
        assertThat(running.get("progress").get("percentage").asDouble()).isEqualTo(40.0);
        assertThat(running.get("progress").get("lastError").asString()).isEqualTo("2 pages failed");
        assertThat(running.get("result").get("pages").asInt()).isEqualTo(12);
        awaitStatus(task, "finished");
        JsonNode log = api.get("/api/tasks/" + task + "/logs").body().get("lines");
        assertThat(log.get(0).get("line").asString()).isEqualTo("heartbeat 200");
        assertThat(log.get(1).get("line").asString()).isEqualTo("other task 403");
        assertThat(log.get(2).get("line").asString()).isEqualTo("other endpoint 403");
        assertThat(log.get(3).get("line").asString()).isEqualTo("completion 200");
    }
}
