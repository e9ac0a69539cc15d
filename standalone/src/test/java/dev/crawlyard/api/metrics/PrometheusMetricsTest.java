package dev.crawlyard.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus text at {@code /api/metrics} after a known set of tasks: two that finish, of a spider
 * the settings name ({@code crawlyard.metrics.spiders}), and one that fails, of a spider they do not
 * (tagged {@code other}). Counts are read as differences, since other tests share the platform.
 */
class PrometheusMetricsTest extends ApiTestBase {

    static final String LISTED = StandaloneMetricsSettings.LISTED_SPIDER;
    /** The first tasks of a fresh platform on a loaded machine can take a while (class loading, JIT). */
    static final Duration FIRST_TASKS = Duration.ofSeconds(120);

    @Test
    void theTextParsesAndCountsTheTasksTheirStepsAndWhatTheyStored() throws Exception {
        PrometheusText before = scrape();
        var created = api.post("/api/spiders", ApiClient.json(Map.of("name", LISTED, "command", "python3 ok.py",
                "files", Map.of("ok.py", """
                        import crawlyard
                        print("first line")
                        for i in range(3):
                            crawlyard.save_item({"i": i})
                        print("last line")
                        """))));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        long listed = created.body().get("id").asLong();
        long failing = spider("echo failing; exit 3", Map.of());

        List<Long> finished = List.of(run(listed), run(listed));
        long failed = run(failing);
        long storedItems = 0;
        long storedLines = 0;
        for (long id : finished) {
            var task = awaitStatus(id, "finished", FIRST_TASKS);
            storedItems += task.get("items").asLong();
            storedLines += task.get("logLines").asLong();
        }
        storedLines += awaitStatus(failed, "error", FIRST_TASKS).get("logLines").asLong();
        assertThat(storedItems).isEqualTo(6);

        // Finalize counts a task just after it writes its row; the SDK's metrics come every few seconds.
        PrometheusText after = awaitScrape(text -> delta(before, text, "crawlyard_tasks_ended_total",
                Map.of("status", "error", "spider", "other")) >= 1
                && delta(before, text, "crawlyard_tasks_ended_total", Map.of("status", "finished", "spider", LISTED)) >= 2
                && text.samples().stream().anyMatch(sample -> sample.name().startsWith("temporal_")));

        assertThat(delta(before, after, "crawlyard_tasks_ended_total", Map.of("status", "finished", "spider", LISTED)))
                .isEqualTo(2);
        assertThat(delta(before, after, "crawlyard_tasks_ended_total", Map.of("status", "error", "spider", "other")))
                .isEqualTo(1);
        assertThat(delta(before, after, "crawlyard_tasks_started_total", Map.of("spider", LISTED))).isEqualTo(2);
        assertThat(delta(before, after, "crawlyard_tasks_started_total", Map.of("spider", "other"))).isEqualTo(1);
        assertThat(delta(before, after, "crawlyard_task_duration_seconds_count", Map.of("status", "finished")))
                .isEqualTo(2);
        assertThat(after.has("crawlyard_task_duration_seconds_bucket", Map.of("status", "finished", "le", "+Inf")))
                .isTrue();
        // The process ran to its end in all three: the run step succeeded even where the spider failed.
        assertThat(delta(before, after, "crawlyard_task_step_duration_seconds_count",
                Map.of("step", "run", "outcome", "success"))).isEqualTo(3);
        // The two of the spider with files were synced; the one without files had no sync step.
        assertThat(delta(before, after, "crawlyard_task_step_duration_seconds_count",
                Map.of("step", "sync", "outcome", "success"))).isGreaterThanOrEqualTo(2);
        assertThat(delta(before, after, "crawlyard_items_stored_total", Map.of())).isEqualTo(storedItems);
        assertThat(delta(before, after, "crawlyard_log_lines_stored_total", Map.of())).isEqualTo(storedLines);

        Map<String, String> node = Map.of("node", "in-process");
        assertThat(after.value("crawlyard_runner_slots", with(node, "state", "in_use"))).isZero();
        assertThat(after.value("crawlyard_runner_slots", with(node, "state", "free"))).isEqualTo(8);
        assertThat(after.has("crawlyard_spool_bytes", node)).isTrue();
        assertThat(after.value("crawlyard_spool_bytes", node)).isZero();
        for (String status : List.of("pending", "preparing", "running")) {
            assertThat(after.has("crawlyard_tasks_live", Map.of("status", status))).as(status).isTrue();
        }
    }

    @Test
    void noSeriesIsTaggedWithATaskOrAWorkflow() throws Exception {
        run(spider("true", Map.of()));
        PrometheusText text = scrape();

        Set<String> unbounded = Set.of("task", "task_id", "taskId", "workflow_id", "run_id", "attempt");
        assertThat(text.samples()).allSatisfy(sample -> assertThat(sample.labels().keySet())
                .as(sample.name()).doesNotContainAnyElementsOf(unbounded));
    }

    @Test
    void theMetricsNeedAToken() {
        assertThat(api.withToken(null).getText("/api/metrics").status()).isEqualTo(401);
    }

    private PrometheusText scrape() {
        var reply = api.getText("/api/metrics");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain");
        return PrometheusText.parse(reply.body());
    }

    private PrometheusText awaitScrape(Predicate<PrometheusText> ready) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        PrometheusText text = scrape();
        while (!ready.test(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics never showed the tasks");
            }
            Thread.sleep(250);
            text = scrape();
        }
        return text;
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        var all = new java.util.HashMap<>(labels);
        all.put(name, value);
        return all;
    }
}
