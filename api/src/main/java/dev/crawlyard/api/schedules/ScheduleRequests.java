package dev.crawlyard.api.schedules;

import dev.crawlyard.api.Bounds;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.planning.schedules.CronSpec;
import dev.crawlyard.planning.schedules.ScheduleBackend;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.OverlapPolicy;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.workflows.task.DispatchMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a schedule request field by field and turns it into settings. The cron expression is read
 * as {@link CronSpec} reads it, must fire at all, and must be one the schedule backend runs as it
 * is: a request the backend would refuse is a 400 here, before anything is stored.
 */
final class ScheduleRequests {

    private final SpiderService spiders;
    private final SpiderVersionStore versions;
    private final NodeStore nodes;

    ScheduleRequests(SpiderService spiders, SpiderVersionStore versions, NodeStore nodes) {
        this.spiders = spiders;
        this.versions = versions;
        this.nodes = nodes;
    }

    ScheduleSettings validate(ScheduleRequest request, ScheduleBackend backend) {
        FieldErrors errors = new FieldErrors();
        errors.text("spider", request.spider(), 200);
        Optional<Spider> spider = request.spider() == null || request.spider().isBlank() || errors.any()
                ? Optional.empty() : spiders.findOrNull(request.spider().trim());
        errors.require(spider.isPresent(), "spider", request.spider() == null || request.spider().isBlank()
                ? "is required: a spider's id or name"
                : "no spider with id or name '" + request.spider() + "'; GET /api/spiders lists them");
        CronSpec cron = cron(request.cron(), errors);
        String zone = request.timeZone() == null || request.timeZone().isBlank() ? "UTC" : request.timeZone().trim();
        String zoneError = zoneError(zone);
        errors.require(zoneError == null, "timeZone", zoneError);
        long bytes = errors.textMap("params", request.params(), Bounds.MAX_KEY_LENGTH, Bounds.MAX_RUN_INPUT_BYTES);
        SpiderService.checkEnv("env", request.env(), errors);
        bytes += errors.textMap("env", request.env(), Bounds.MAX_KEY_LENGTH, Bounds.MAX_RUN_INPUT_BYTES);
        errors.require(bytes <= Bounds.MAX_RUN_INPUT_BYTES, "params", "params and env may hold at most "
                + Bounds.MAX_RUN_INPUT_BYTES + " bytes together, not " + bytes);
        DispatchMode mode = mode(request.mode(), errors);
        checkNodes(request.nodes(), mode, errors);
        OverlapPolicy overlap = overlap(request.overlap(), errors);
        errors.range("maxAttempts", request.maxAttempts(), 1, Bounds.MAX_ATTEMPTS);
        errors.range("runtimeLimitSeconds", request.runtimeLimitSeconds(), 0, Bounds.MAX_RUNTIME_LIMIT_SECONDS);
        errors.range("autoPauseAfter", request.autoPauseAfter(), 1, Bounds.MAX_AUTO_PAUSE_AFTER);
        errors.range("version", request.version(), 1, Integer.MAX_VALUE);
        errors.require(request.version() == null || request.version() < 1 || spider.isEmpty()
                        || versions.find(spider.get().id(), request.version()).isPresent(),
                "version", "the spider has no version " + request.version());
        errors.throwIfAny();
        ScheduleSettings settings = new ScheduleSettings(spider.get().id(), request.version(), cron.text(), zone,
                request.params(), request.env(), mode, request.nodes(), Boolean.TRUE.equals(request.reassign()),
                overlap, request.maxAttempts(),
                request.runtimeLimitSeconds() == null ? null : Duration.ofSeconds(request.runtimeLimitSeconds()),
                request.enabled() == null || request.enabled(),
                request.autoPauseAfter() == null ? ScheduleSettings.DEFAULT_AUTO_PAUSE_AFTER : request.autoPauseAfter());
        backend.refusals(settings, cron).forEach(refusal -> errors.add(refusal.field(), refusal.message()));
        errors.throwIfAny();
        return settings;
    }

    /** The expression, or null with the error noted. */
    static CronSpec cron(String text, FieldErrors errors) {
        try {
            CronSpec cron = CronSpec.parse(text);
            errors.require(cron.firesEver(), "cron", "'" + cron.text() + "' never fires: no such day exists");
            return cron;
        } catch (IllegalArgumentException e) {
            errors.add("cron", e.getMessage());
            return null;
        }
    }

    private static DispatchMode mode(String mode, FieldErrors errors) {
        if (mode == null) {
            return DispatchMode.RANDOM;
        }
        try {
            return DispatchMode.fromWireName(mode);
        } catch (IllegalArgumentException e) {
            errors.add("mode", "must be random, selected or all");
            return DispatchMode.RANDOM;
        }
    }

    private void checkNodes(List<String> keys, DispatchMode mode, FieldErrors errors) {
        errors.require(mode == DispatchMode.SELECTED || keys.isEmpty(), "nodes", "is only for mode 'selected'");
        errors.require(mode != DispatchMode.SELECTED || !keys.isEmpty(), "nodes",
                "mode 'selected' needs the keys of the nodes to run on");
        errors.require(keys.size() <= Bounds.MAX_NODES, "nodes", "at most " + Bounds.MAX_NODES + " node keys");
        boolean wellFormed = keys.size() <= Bounds.MAX_NODES && keys.stream().allMatch(key -> key != null
                && !key.isEmpty() && key.length() <= Bounds.MAX_NODE_KEY_LENGTH && key.indexOf('\0') < 0);
        errors.require(wellFormed, "nodes", "node keys must be 1 to " + Bounds.MAX_NODE_KEY_LENGTH
                + " characters without NUL");
        if (wellFormed) {
            List<String> unknown = keys.stream().filter(Objects::nonNull).filter(key -> nodes.find(key).isEmpty())
                    .toList();
            errors.require(unknown.isEmpty(), "nodes", "unknown node keys " + unknown
                    + "; GET /api/nodes lists the nodes");
        }
    }

    private static OverlapPolicy overlap(String overlap, FieldErrors errors) {
        if (overlap == null) {
            return OverlapPolicy.SKIP;
        }
        try {
            return OverlapPolicy.fromWireName(overlap);
        } catch (IllegalArgumentException e) {
            errors.add("overlap", "must be one of " + Arrays.stream(OverlapPolicy.values())
                    .map(OverlapPolicy::wireName).toList());
            return OverlapPolicy.SKIP;
        }
    }

    static String zoneError(String zone) {
        if (zone.length() > 100 || zone.indexOf('\0') >= 0) {
            return "must be an IANA time zone, like 'UTC' or 'Europe/Paris'";
        }
        try {
            ZoneId.of(zone);
            return null;
        } catch (DateTimeException e) {
            return "'" + zone + "' is not an IANA time zone, like 'UTC' or 'Europe/Paris'";
        }
    }
}
