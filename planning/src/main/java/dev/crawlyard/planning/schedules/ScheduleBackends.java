package dev.crawlyard.planning.schedules;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the schedule backend once: a Temporal server that answers a schedule listing has the
 * Schedules API; one that answers UNIMPLEMENTED (the embedded test server) gets cron workflows.
 */
public final class ScheduleBackends implements Supplier<ScheduleBackend> {

    private static final Logger log = LoggerFactory.getLogger(ScheduleBackends.class);

    private final WorkflowClient client;
    private ScheduleBackend detected;

    public ScheduleBackends(WorkflowClient client) {
        this.client = client;
    }

    /** The backend, detected on the first call and the same ever after. */
    @Override
    public synchronized ScheduleBackend get() {
        if (detected == null) {
            detected = detect();
            log.info("schedules run as {} (Temporal at this address {} the Schedules API)", detected.name(),
                    detected instanceof TemporalScheduleBackend ? "has" : "does not have");
        }
        return detected;
    }

    private ScheduleBackend detect() {
        ScheduleClient schedules = ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setDataConverter(client.getOptions().getDataConverter())
                        .build());
        try {
            schedules.listSchedules(1).findFirst();
            return new TemporalScheduleBackend(schedules);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return new CronWorkflowBackend(client);
            }
            throw e;
        }
    }
}
