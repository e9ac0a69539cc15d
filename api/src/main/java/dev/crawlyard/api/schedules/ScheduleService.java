package dev.crawlyard.api.schedules;

import dev.crawlyard.api.Bounds;
import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.planning.schedules.CronSpec;
import dev.crawlyard.planning.schedules.ScheduleBackend;
import dev.crawlyard.planning.schedules.TemporalScheduleBackend;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.schedules.ScheduleSettings;
import dev.crawlyard.store.schedules.ScheduleStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, changes and drives schedules. A schedule's row and its backend change together: the row
 * is written in a transaction, the backend is set up inside it, and the transaction commits only if
 * the backend took the schedule; if it refused, nothing is stored.
 */
@Service
public class ScheduleService {

    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

    /** The longest backfill: Temporal runs one firing per planned time in the range. */
    private static final Duration MAX_BACKFILL = Duration.ofDays(366);

    private final ScheduleStore schedules;
    private final Supplier<ScheduleBackend> backends;
    private final ScheduleRequests requests;
    private final TransactionTemplate transaction;

    /** @param backends the schedule backend, detected on first use ({@code ScheduleBackends}) */
    ScheduleService(ScheduleStore schedules, SpiderService spiders, SpiderVersionStore versions, NodeStore nodes,
            Supplier<ScheduleBackend> backends, PlatformTransactionManager transactions) {
        this.schedules = schedules;
        this.backends = backends;
        this.requests = new ScheduleRequests(spiders, versions, nodes);
        this.transaction = new TransactionTemplate(transactions);
    }

    public String backendName() {
        return backends.get().name();
    }

    public Schedule create(ScheduleRequest request) {
        ScheduleBackend backend = backends.get();
        ScheduleSettings settings = requests.validate(request, backend);
        return transaction.execute(status -> {
            Schedule schedule = schedules.create(settings);
            applyOrRefuse(backend, schedule);
            return schedule;
        });
    }

    public Schedule update(long id, ScheduleRequest request) {
        Schedule before = get(id);
        ScheduleBackend backend = backends.get();
        ScheduleSettings settings = requests.validate(request, backend);
        try {
            return transaction.execute(status -> {
                Schedule schedule = schedules.update(id, settings).orElseThrow(() -> notFound(id));
                applyOrRefuse(backend, schedule);
                return schedule;
            });
        } catch (ApiException refused) {
            if (refused.status() != HttpStatus.NOT_FOUND) {
                // The row is as it was; so must the backend be (a cron workflow was ended to be replaced).
                try {
                    backend.apply(before);
                } catch (RuntimeException e) {
                    log.warn("schedule {} could not be set up again as it was: {}", id, e.getMessage());
                    schedules.markBroken(id, "set up again after a refused change, and failed: " + e.getMessage());
                }
            }
            throw refused;
        }
    }

    /** Sets the schedule up on its backend; a refusal becomes a 400 (and the caller's transaction rolls back). */
    private static void applyOrRefuse(ScheduleBackend backend, Schedule schedule) {
        try {
            backend.apply(schedule);
        } catch (RuntimeException e) {
            StatusRuntimeException grpc = grpcCause(e);
            if (grpc != null && grpc.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw ApiException.invalid(List.of(new ApiError.FieldError("cron",
                        "the Temporal server refused the schedule: " + grpc.getStatus().getDescription())));
            }
            log.error("the schedule backend failed to take schedule {}", schedule.id(), e);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "Temporal could not take the schedule; nothing was stored", List.of());
        }
    }

    private static StatusRuntimeException grpcCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StatusRuntimeException grpc) {
                return grpc;
            }
        }
        return null;
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
        new FieldErrors().text("note", note, Bounds.MAX_NOTE_LENGTH).throwIfAny();
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
                .require(from == null || to == null || !Duration.between(from, to).minus(MAX_BACKFILL).isPositive(),
                        "to", "a backfill covers at most " + MAX_BACKFILL.toDays() + " days")
                .throwIfAny();
        try {
            backends.get().backfill(get(id), from, to);
        } catch (UnsupportedOperationException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** The next {@code count} times the schedule fires (none while it is paused, disabled or broken). */
    public List<Instant> next(long id, int count) {
        Schedule schedule = get(id);
        new FieldErrors().require(count >= 1 && count <= 100, "count", "must be between 1 and 100").throwIfAny();
        if (!schedule.active() || schedule.brokenReason() != null) {
            return List.of();
        }
        if (backends.get() instanceof TemporalScheduleBackend temporal) {
            return temporal.nextFireTimes(id).stream().limit(count).toList();
        }
        try {
            return CronSpec.parse(schedule.settings().cron())
                    .nextTimes(Instant.now(), ZoneId.of(schedule.settings().timeZone()), count);
        } catch (RuntimeException e) {
            // A row written before cron was checked as it is now: it fires nowhere we can tell.
            log.warn("schedule {} has a cron expression or zone that cannot be read: {}", id, e.getMessage());
            return List.of();
        }
    }

    /**
     * The next {@code count} times a cron expression fires in a zone, before a schedule is made of it
     * (the console's preview), read as a schedule's cron is.
     */
    public List<Instant> preview(String cron, String timeZone, int count) {
        FieldErrors errors = new FieldErrors().require(count >= 1 && count <= 100, "count", "must be between 1 and 100");
        errors.require(cron != null && !cron.isBlank(), "cron", "required: five fields, e.g. '*/15 * * * *'");
        String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim();
        String zoneError = ScheduleRequests.zoneError(zone);
        errors.require(zoneError == null, "timeZone", zoneError);
        errors.throwIfAny();
        CronSpec spec = ScheduleRequests.cron(cron, errors);
        errors.throwIfAny();
        return spec.nextTimes(Instant.now(), ZoneId.of(zone), count);
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("no schedule with id " + id);
    }
}
