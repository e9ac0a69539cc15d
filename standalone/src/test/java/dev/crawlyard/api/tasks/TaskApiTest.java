package dev.crawlyard.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.activities.processes.ProcessTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskApiTest extends ApiTestBase {

    @Test
    void aPythonSpiderFinishesAndItsLogPagesInOrder() throws Exception {
        long spider = spider("python3 pages.py", Map.of("pages.py", "for i in range(120):\n    print(f'line {i}')\n"));

        long task = run(spider);
        JsonNode finished = awaitStatus(task, "finished");

        assertThat(finished.get("exitCode").asInt()).isZero();
        assertThat(finished.get("node").asString()).isEqualTo("in-process");
        assertThat(finished.get("logLines").asLong()).isEqualTo(120);
        List<String> lines = new ArrayList<>();
        long after = 0;
        boolean complete = false;
        while (!complete) {
            JsonNode page = api.get("/api/tasks/" + task + "/logs?after=" + after + "&limit=50").body();
            page.get("lines").forEach(line -> lines.add(line.get("line").asString()));
            after = page.get("next").asLong();
            complete = page.get("complete").asBoolean();
        }
        assertThat(lines).containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void aSpiderExitingThreeEndsInErrorWithItsExitCode() throws Exception {
        long task = run(spider("python3 -c 'import sys; sys.exit(3)'", Map.of()));

        JsonNode ended = awaitStatus(task, "error");

        assertThat(ended.get("exitCode").asInt()).isEqualTo(3);
        assertThat(ended.get("errorKind").asString()).isEqualTo("spider");
        assertThat(ended.get("errorMessage").asString()).isEqualTo("the spider exited with code 3");
    }

    @Test
    void runParametersAndEnvironmentReachTheSpider() throws Exception {
        long spider = spider("python3 show.py", Map.of("show.py", """
                import json, os
                print(os.environ["REGION"], json.load(open(os.environ["CRAWLYARD_CONFIG"]))["params"]["start"])
                """));

        var reply = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("params", Map.of("start", "page-7"), "env", Map.of("REGION", "eu"))));
        long task = reply.body().get("id").asLong();
        awaitStatus(task, "finished");

        JsonNode logs = api.get("/api/tasks/" + task + "/logs").body();
        assertThat(logs.get("lines").get(0).get("line").asString()).isEqualTo("eu page-7");
    }

    @Test
    void aCancelledSpiderAndTheChildItForkedAreGone() throws Exception {
        long task = run(spider("python3 sleeper.py", Map.of("sleeper.py", """
                import subprocess, time
                child = subprocess.Popen(["sleep", "300"])
                print("child", child.pid, flush=True)
                time.sleep(300)
                """)));
        awaitStatus(task, "running");
        long child = awaitChildPid(task);

        ApiClient.Reply cancel = api.post("/api/tasks/" + task + "/cancel", null);

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.body().get("cancelRequestedAt").isNull()).isFalse();
        JsonNode cancelled = awaitStatus(task, "cancelled");
        // It does not read the cancel message, so SIGTERM ends it after the notice period.
        assertThat(cancelled.get("stopMode").asString()).isEqualTo("terminated");
        assertThat(ProcessTable.isRunning(child)).isFalse();
    }

    @Test
    void cancellingAFinishedTaskIs409AndUnknownTasksAre404() throws Exception {
        long task = run(spider("true", Map.of()));
        awaitStatus(task, "finished");

        ApiClient.Reply cancel = api.post("/api/tasks/" + task + "/cancel", null);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.body().get("message").asString()).contains("already ended (finished)");
        assertThat(api.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("finished");
        assertThat(api.get("/api/tasks/987654321").status()).isEqualTo(404);
        assertThat(api.post("/api/tasks/987654321/cancel", null).status()).isEqualTo(404);
        assertThat(api.get("/api/tasks/987654321/logs").status()).isEqualTo(404);
    }

    @Test
    void tasksAreListedBySpiderAndStatusNewestFirst() throws Exception {
        long spider = spider("python3 -c 'import sys; sys.exit(int(open(\"code\").read()))'", Map.of("code", "0"));
        long first = run(spider);
        awaitStatus(first, "finished");
        long second = run(spider);
        awaitStatus(second, "finished");

        JsonNode all = api.get("/api/tasks?spider=" + spider).body();
        JsonNode finished = api.get("/api/tasks?spider=" + spider + "&status=finished&size=1").body();
        JsonNode failed = api.get("/api/tasks?spider=" + spider + "&status=error").body();

        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(all.get("items").get(0).get("id").asLong()).isEqualTo(second);
        assertThat(finished.get("items").size()).isEqualTo(1);
        assertThat(finished.get("total").asLong()).isEqualTo(2);
        assertThat(failed.get("total").asLong()).isZero();
    }

    @Test
    void badRunAndListInputIs400AndStartsNothing() {
        long spider = spider("true", Map.of());

        ApiClient.Reply badEnv = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("env", Map.of("NOT VALID", "x"))));
        ApiClient.Reply badLimit = api.post("/api/spiders/" + spider + "/run",
                ApiClient.json(Map.of("runtimeLimitSeconds", -5)));
        ApiClient.Reply badStatus = api.get("/api/tasks?status=stuck");
        ApiClient.Reply badLogLimit = api.get("/api/tasks/1/logs?limit=0");

        assertThat(badEnv.status()).isEqualTo(400);
        assertThat(badEnv.body().get("message").asString()).contains("NOT VALID");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().get("message").asString()).contains("stuck");
        assertThat(badLogLimit.status()).isIn(400, 404);
        assertThat(api.get("/api/tasks?spider=" + spider).body().get("total").asLong()).isZero();
    }

    private long awaitChildPid(long task) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode lines = api.get("/api/tasks/" + task + "/logs").body().get("lines");
            for (JsonNode line : lines) {
                String text = line.get("line").asString();
                if (text.startsWith("child ")) {
                    return Long.parseLong(text.substring(6).trim());
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the spider never printed its child's pid");
    }
}
