package dev.crawlyard.api.tasks;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskProgress;
import dev.crawlyard.store.tasks.TaskStore;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A task's log and progress as server-sent events: {@code log} events (id: the line's number, so
 * that a reconnecting client resumes with Last-Event-ID), a {@code progress} event whenever the
 * status, progress or counters change, and an {@code end} event once the task has ended and every
 * line is sent, after which the stream closes. A stream sends a comment when it has been silent
 * for the heartbeat interval, and closes after the maximum duration (the client reconnects and
 * resumes). Each stream reads the database at the poll interval, on a small shared scheduler: two
 * indexed reads, so a hundred open streams cost a few hundred small queries a second.
 */
@Component
class TaskEventStreams {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStreams.class);
    private static final int BATCH = 500;

    private final TaskStore tasks;
    private final TaskLogStore logs;
    private final LogStreamProperties settings;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("log-stream-", 0).daemon().factory());
    private final AtomicInteger open = new AtomicInteger();

    TaskEventStreams(TaskStore tasks, TaskLogStore logs, LogStreamProperties settings) {
        this.tasks = tasks;
        this.logs = logs;
        this.settings = settings;
    }

    /** Opens a stream of the task's lines after {@code after}; refuses an unknown task or too many streams. */
    SseEmitter open(long taskId, long after) {
        tasks.find(taskId).orElseThrow(() -> ApiException.notFound("no task with id " + taskId));
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            throw ApiException.unavailable(settings.maxStreams() + " log streams are open, the most there may be"
                    + " (crawlyard.api.log-stream.max-streams); try again later or read GET /api/tasks/{id}/logs");
        }
        SseEmitter emitter = new SseEmitter(settings.maxDuration().toMillis() + 60_000);
        Stream stream = new Stream(taskId, after, emitter, System.nanoTime());
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(e -> stream.stop());
        scheduler.execute(stream::tick);
        return emitter;
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }

    /** One client's stream: where it is in the log, and what it last said about the task. */
    private final class Stream {

        private final long taskId;
        private final SseEmitter emitter;
        private final long openedAt;
        private long cursor;
        private Object lastProgress;
        private long lastSentAt;
        private volatile boolean stopped;
        private boolean counted = true;

        Stream(long taskId, long after, SseEmitter emitter, long openedAt) {
            this.taskId = taskId;
            this.cursor = after;
            this.emitter = emitter;
            this.openedAt = openedAt;
            this.lastSentAt = openedAt;
        }

        void tick() {
            if (stopped) {
                return;
            }
            try {
                if (lastProgress == null) {
                    emitter.send(SseEmitter.event().reconnectTime(1000).comment("task " + taskId));
                }
                // The status before the lines: if the task had ended by then, the lines read after are all of them.
                Task task = tasks.find(taskId).orElse(null);
                List<LogLine> lines = logs.page(taskId, cursor, BATCH);
                for (LogLine line : lines) {
                    emitter.send(SseEmitter.event().name("log").id(Long.toString(line.seq()))
                            .data(new LogPage.Line(line.seq(), line.ts(), line.stream().wireName(), line.line()),
                                    MediaType.APPLICATION_JSON));
                    cursor = line.seq();
                    lastSentAt = System.nanoTime();
                }
                if (task == null) {
                    emitter.send(SseEmitter.event().name("end").data(Map.of("taskId", taskId, "status", "deleted"),
                            MediaType.APPLICATION_JSON));
                    finish();
                    return;
                }
                Object progress = progressOf(task);
                if (!Objects.equals(progress, lastProgress)) {
                    emitter.send(SseEmitter.event().name("progress").data(progress, MediaType.APPLICATION_JSON));
                    lastProgress = progress;
                    lastSentAt = System.nanoTime();
                }
                if (task.status().isTerminal() && lines.size() < BATCH) {
                    emitter.send(SseEmitter.event().name("end").id(Long.toString(cursor))
                            .data(Map.of("taskId", taskId, "status", task.status().wireName()), MediaType.APPLICATION_JSON));
                    finish();
                    return;
                }
                long now = System.nanoTime();
                if (now - openedAt > settings.maxDuration().toNanos()) {
                    finish();
                    return;
                }
                if (now - lastSentAt > settings.heartbeat().toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSentAt = now;
                }
                // A full batch means more lines are waiting: read them at once.
                scheduler.schedule(this::tick, lines.size() == BATCH ? 0 : settings.pollInterval().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (IOException | IllegalStateException gone) {
                // The client went away (or the emitter was completed): nothing more to send.
                stop();
            } catch (RuntimeException e) {
                log.warn("the log stream of task {} failed", taskId, e);
                stop();
                emitter.completeWithError(e);
            }
        }

        private void finish() {
            stop();
            emitter.complete();
        }

        void stop() {
            stopped = true;
            synchronized (this) {
                if (counted) {
                    counted = false;
                    open.decrementAndGet();
                }
            }
        }
    }

    /** What a {@code progress} event says. */
    record ProgressEvent(long taskId, String status, String stage, Long current, Long total, Double percentage,
            long items, long logLines, long warnings, long errorsReported, String node) {
    }

    private static ProgressEvent progressOf(Task task) {
        TaskProgress p = task.progress();
        return new ProgressEvent(task.id(), task.status().wireName(), p.stage(), p.current(), p.total(), p.percentage(),
                p.items(), p.logLines(), p.warnings(), p.errorsReported(), task.nodeKey());
    }
}
