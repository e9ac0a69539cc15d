package dev.crawlyard.api.schedules;

import dev.crawlyard.planning.schedules.CronWorkflowBackend;
import dev.crawlyard.planning.schedules.ScheduleBackends;
import dev.crawlyard.planning.schedules.TemporalScheduleBackend;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.DispatchMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;

/** Creates, changes and drives schedules: the row first, then its backend. */
@Service
public class ScheduleService {

    private final ScheduleStore schedules;
    private final SpiderService spiders;
    private final SpiderVersionStore versions;
    private final NodeStore nodes;
    private final ScheduleBackends backends;

    ScheduleService(ScheduleStore schedules, SpiderService spiders, SpiderVersionStore versions, NodeStore nodes,
            ScheduleBackends backends) {
        this.schedules = schedules;
        this.spiders = spiders;
        this.versions = versions;
        this.nodes = nodes;
        this.backends = backends;
    }

    public String backendName() {
        return backends.get().name();
    }

    public Schedule create(ScheduleRequest request) {
        Schedule schedule = schedules.create(validate(request));
        backends.get().apply(schedule);
        return schedule;
    }

    public Schedule update(long id, ScheduleRequest request) {
        get(id);
        Schedule schedule = schedules.update(id, validate(request)).orElseThrow(() -> notFound(id));
        backends.get().apply(schedule);
        return schedule;
    }

    public Schedule get(long id) {
        return schedules.find(id).orElseThrow(() -> notFound(id));
    }

    public List<Schedule> list() {
        return schedules.list();
    }

    public void delete(long id) {
        get(id);
        backends.get().delete(id);
        schedules.delete(id);
    }

    public Schedule pause(long id, String note) {
        get(id);
        String text = note == null || note.isBlank() ? "paused by a user" : note.trim();
        Schedule paused = schedules.setPaused(id, true, text).orElseThrow(() -> notFound(id));
        backends.get().pause(paused, text);
        return paused;
    }

    public Schedule unpause(long id) {
        get(id);
        Schedule unpaused = schedules.setPaused(id, false, null).orElseThrow(() -> notFound(id));
        backends.get().unpause(unpaused);
        return unpaused;
    }

    /** Fires once now; the firing makes its tasks from the schedule's settings, dispatch included. */
    public void trigger(long id) {
        Schedule schedule = get(id);
        if (!schedule.active()) {
            throw ApiException.conflict("schedule " + id + " is paused or disabled; its firings make no task");
        }
        backends.get().trigger(schedule);
    }

    public void backfill(long id, Instant from, Instant to) {
        new FieldErrors()
                .require(from != null && to != null && from.isBefore(to), "from", "from and to must be times with from before to")
                .throwIfAny();
        try {
            backends.get().backfill(get(id), from, to);
        } catch (UnsupportedOperationException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** The next {@code count} times the schedule fires (none while it is paused or disabled). */
    public List<Instant> next(long id, int count) {
        Schedule schedule = get(id);
        new FieldErrors().require(count >= 1 && count <= 100, "count", "must be between 1 and 100").throwIfAny();
        if (!schedule.active()) {
            return List.of();
        }
        if (backends.get() instanceof TemporalScheduleBackend temporal) {
            return temporal.nextFireTimes(id).stream().limit(count).toList();
        }
        CronExpression cron = CronExpression.parse("0 " + schedule.settings().cron());
        ZonedDateTime at = ZonedDateTime.now(ZoneId.of(schedule.settings().timeZone()));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            at = cron.next(at);
            if (at == null) {
                break;
            }
            times.add(at.toInstant());
        }
        return times;
    }

    private ScheduleSettings validate(ScheduleRequest request) {
        FieldErrors errors = new FieldErrors();
        Optional<Spider> spider = request.spider() == null || request.spider().isBlank() ? Optional.empty()
                : spiders.findOrNull(request.spider().trim());
        errors.require(spider.isPresent(), "spider", request.spider() == null || request.spider().isBlank()
                ? "is required: a spider's id or name"
                : "no spider with id or name '" + request.spider() + "'; GET /api/spiders lists them");
        String cron = request.cron() == null ? "" : request.cron().trim().replaceAll("\\s+", " ");
        errors.require(cronError(cron) == null, "cron", cronError(cron));
        String zone = request.timeZone() == null || request.timeZone().isBlank() ? "UTC" : request.timeZone().trim();
        String zoneError = zoneError(zone);
        errors.require(zoneError == null, "timeZone", zoneError);
        errors.require(zoneError != null || "UTC".equals(zone) || !(backends.get() instanceof CronWorkflowBackend),
                "timeZone", "this Temporal server has no Schedules API, and its cron workflows read cron in UTC;"
                        + " use UTC here, or a Temporal server with the Schedules API");
        SpiderService.checkEnv("env", request.env(), errors);
        DispatchMode mode = DispatchMode.RANDOM;
        if (request.mode() != null) {
            try {
                mode = DispatchMode.fromWireName(request.mode());
            } catch (IllegalArgumentException e) {
                errors.add("mode", "must be random, selected or all, not '" + request.mode() + "'");
            }
        }
        errors.require(mode == DispatchMode.SELECTED || request.nodes().isEmpty(), "nodes", "is only for mode 'selected'");
        errors.require(mode != DispatchMode.SELECTED || !request.nodes().isEmpty(), "nodes",
                "mode 'selected' needs the keys of the nodes to run on");
        List<String> unknown = request.nodes().stream().filter(key -> nodes.find(key).isEmpty()).toList();
        errors.require(unknown.isEmpty(), "nodes", "unknown node keys " + unknown + "; GET /api/nodes lists the nodes");
        OverlapPolicy overlap = OverlapPolicy.SKIP;
        if (request.overlap() != null) {
            try {
                overlap = OverlapPolicy.fromWireName(request.overlap());
            } catch (IllegalArgumentException e) {
                errors.add("overlap", "must be one of " + Arrays.stream(OverlapPolicy.values())
                        .map(OverlapPolicy::wireName).toList() + ", not '" + request.overlap() + "'");
            }
        }
        errors.require(overlap == OverlapPolicy.SKIP || !(backends.get() instanceof CronWorkflowBackend), "overlap",
                "this Temporal server has no Schedules API; its cron workflows can only skip overlapping firings");
        errors.require(request.maxAttempts() == null || (request.maxAttempts() >= 1 && request.maxAttempts() <= 20),
                "maxAttempts", "must be between 1 and 20");
        errors.require(request.runtimeLimitSeconds() == null || request.runtimeLimitSeconds() >= 0,
                "runtimeLimitSeconds", "must be 0 (no limit) or more");
        errors.require(request.autoPauseAfter() == null || request.autoPauseAfter() >= 1, "autoPauseAfter",
                "must be 1 or more");
        errors.require(request.version() == null || spider.isEmpty()
                        || versions.find(spider.get().id(), request.version()).isPresent(),
                "version", "the spider has no version " + request.version());
        errors.throwIfAny();
        return new ScheduleSettings(spider.get().id(), request.version(), cron, zone, request.params(), request.env(),
                mode, request.nodes(), Boolean.TRUE.equals(request.reassign()), overlap, request.maxAttempts(),
                request.runtimeLimitSeconds() == null ? null : Duration.ofSeconds(request.runtimeLimitSeconds()),
                request.enabled() == null || request.enabled(),
                request.autoPauseAfter() == null ? ScheduleSettings.DEFAULT_AUTO_PAUSE_AFTER : request.autoPauseAfter());
    }

    /** What is wrong with a five-field cron expression, or null. */
    static String cronError(String cron) {
        if (cron.isEmpty()) {
            return "is required: five fields, minute hour day-of-month month day-of-week, like '*/5 * * * *'";
        }
        if (cron.split(" ").length != 5) {
            return "'" + cron + "' has " + cron.split(" ").length
                    + " fields; a cron expression has five: minute hour day-of-month month day-of-week";
        }
        try {
            CronExpression.parse("0 " + cron);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + cron + "' is not a valid cron expression: " + e.getMessage();
        }
    }

    static String zoneError(String zone) {
        try {
            ZoneId.of(zone);
            return null;
        } catch (DateTimeException e) {
            return "'" + zone + "' is not an IANA time zone, like 'UTC' or 'Europe/Paris'";
        }
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("no schedule with id " + id);
    }
}
