package dev.crawlyard.activities.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.workflows.task.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules on the cron-workflow backend under the time-skipping test environment, with the real
 * activities and real (short) spider processes.
 */
class CronScheduleTest {

    private static final String EVERY_FIVE_MINUTES = "*/5 * * * *";

    @TempDir
    Path workRoot;

    private TestSchedules platform;

    @BeforeEach
    void start() {
        platform = new TestSchedules(workRoot);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aScheduleEveryFiveMinutesMakesTwelveTasksInAnHour() throws Exception {
        Spider spider = platform.spider("true", 1, null);
        Schedule schedule = platform.schedule(spider, EVERY_FIVE_MINUTES, 10);

        platform.skip(Duration.ofHours(1));

        List<Task> tasks = platform.tasksOf(schedule);
        assertThat(tasks).hasSize(12);
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.scheduleId()).isEqualTo(schedule.id());
            assertThat(task.status()).isEqualTo(TaskStatus.FINISHED);
            assertThat(task.params()).isEqualTo(Map.of("p", "1"));
        });
    }

    @Test
    void withOverlapSkipALongRunSuppressesTheFiringsItOverlaps() throws Exception {
        // Each run fails, waits twelve minutes, and fails again: it spans two firings, which are skipped.
        Spider spider = platform.spider("false", 2, Duration.ofMinutes(12));
        Schedule schedule = platform.schedule(spider, EVERY_FIVE_MINUTES, 100);

        platform.skip(Duration.ofHours(1));

        // Firings at :05, :20, :35 and :50; each run ends after the two firings that follow it.
        // (Tasks are listed newest first; the newest is still waiting for its retry.)
        List<Task> tasks = platform.tasksOf(schedule);
        assertThat(tasks).hasSize(4);
        assertThat(tasks.subList(1, 4)).allSatisfy(task -> assertThat(task.status()).isEqualTo(TaskStatus.ERROR));
        assertThat(tasks.getFirst().status().isTerminal()).isFalse();
    }

    @Test
    void pauseStopsTheFiringsAndUnpauseResumesThem() throws Exception {
        Spider spider = platform.spider("true", 1, null);
        Schedule schedule = platform.schedule(spider, EVERY_FIVE_MINUTES, 10);
        platform.skip(Duration.ofMinutes(30));
        assertThat(platform.tasksOf(schedule)).hasSize(6);

        Schedule paused = platform.schedules.setPaused(schedule.id(), true, "maintenance").orElseThrow();
        platform.backend.pause(paused, "maintenance");
        platform.skip(Duration.ofMinutes(30));
        assertThat(platform.tasksOf(schedule)).hasSize(6);

        Schedule unpaused = platform.schedules.setPaused(schedule.id(), false, null).orElseThrow();
        platform.backend.unpause(unpaused);
        platform.skip(Duration.ofMinutes(30));
        assertThat(platform.tasksOf(schedule)).hasSize(12);
    }

    @Test
    void aScheduleWhoseRunsKeepFailingPausesItselfWithTheReason() throws Exception {
        Spider spider = platform.spider("false", 1, null);
        Schedule schedule = platform.schedule(spider, EVERY_FIVE_MINUTES, 3);

        platform.skip(Duration.ofHours(1));

        assertThat(platform.tasksOf(schedule)).hasSize(3);
        Schedule after = platform.schedules.find(schedule.id()).orElseThrow();
        assertThat(after.paused()).isTrue();
        assertThat(after.pauseNote()).isEqualTo("paused automatically after 3 consecutive failed runs");
        assertThat(after.consecutiveFailures()).isEqualTo(3);
        // Told once (the schedule.auto_paused event), with the firing whose run made it pause.
        assertThat(platform.autoPaused).singleElement().asString().isNotEqualTo("unknown").contains("/");
    }

    @Test
    void aManualTriggerMakesOneTaskOfTheSchedule() throws Exception {
        Spider spider = platform.spider("true", 1, null);
        Schedule schedule = platform.schedule(spider, "0 0 1 1 *", 10);

        platform.backend.trigger(schedule);
        platform.skip(Duration.ofMinutes(1));

        List<Task> tasks = platform.tasksOf(schedule);
        assertThat(tasks).hasSize(1);
        assertThat(tasks.getFirst().status()).isEqualTo(TaskStatus.FINISHED);
    }
}
