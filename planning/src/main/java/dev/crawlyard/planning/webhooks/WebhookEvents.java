package dev.crawlyard.planning.webhooks;

import dev.crawlyard.store.nodes.Node;
import dev.crawlyard.store.schedules.Schedule;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.webhooks.Subscription;
import dev.crawlyard.store.webhooks.WebhookStore;
import dev.crawlyard.workflows.task.TaskQueues;
import dev.crawlyard.workflows.webhooks.DeliveryRequest;
import dev.crawlyard.workflows.webhooks.WebhookDeliveryWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a task's start or end, a schedule's pausing itself and a node's going offline into a
 * delivery for each subscription that wants it, and starts a delivery workflow for each.
 * Idempotent: the event's id is made from what it is about (the task and the event; the schedule
 * and its firing; the node and its last report), a delivery row is made once per subscription and
 * event, and its workflow id is the delivery's.
 */
public final class WebhookEvents {

    /** The task events. */
    public static final List<String> TASK_EVENTS = List.of("task.started", "task.finished", "task.error",
            "task.cancelled", "task.timed_out", "task.abnormal");

    public static final String SCHEDULE_AUTO_PAUSED = "schedule.auto_paused";

    /** A node's event: it concerns no spider nor schedule, so only a subscription to neither gets it. */
    public static final String NODE_OFFLINE = "node.offline";

    /** The events a subscription may ask for. */
    public static final List<String> EVENTS = Stream.concat(TASK_EVENTS.stream(),
            Stream.of(SCHEDULE_AUTO_PAUSED, NODE_OFFLINE)).toList();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookStore store;
    private final SpiderStore spiders;
    private final WorkflowClient client;
    private final WebhookProperties properties;

    public WebhookEvents(WebhookStore store, SpiderStore spiders, WorkflowClient client, WebhookProperties properties) {
        this.store = store;
        this.spiders = spiders;
        this.client = client;
        this.properties = properties;
    }

    public void taskStarted(Task task) {
        publish("task.started", task);
    }

    public void taskEnded(Task task) {
        publish("task." + task.status().wireName(), task);
    }

    /** The schedule paused itself after too many failed runs, at the end of the run of {@code firing}. */
    public void scheduleAutoPaused(Schedule schedule, String firing) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scheduleId", schedule.id());
        data.put("spiderId", schedule.settings().spiderId());
        data.put("spider", spiders.find(schedule.settings().spiderId()).map(Spider::name).orElse(null));
        data.put("cron", schedule.settings().cron());
        data.put("consecutiveFailures", schedule.consecutiveFailures());
        data.put("note", schedule.pauseNote());
        data.put("links", Map.of("schedule", base() + "/api/schedules/" + schedule.id()));
        publish(SCHEDULE_AUTO_PAUSED, "schedule-" + schedule.id() + "-auto_paused-" + firing,
                schedule.settings().spiderId(), schedule.id(), Instant.now(), () -> data);
    }

    /** The node has not reported since {@code node.lastSeenAt()}, longer than {@code offlineAfter}. */
    public void nodeOffline(Node node, Duration offlineAfter) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node", node.key());
        data.put("name", node.name());
        data.put("host", node.host());
        data.put("lastSeenAt", node.lastSeenAt().toString());
        data.put("offlineAfterSeconds", offlineAfter.toSeconds());
        data.put("links", Map.of("node", base() + "/api/nodes/" + node.key()));
        publish(NODE_OFFLINE, "node-" + node.key() + "-offline-" + node.lastSeenAt().toEpochMilli(), null, null,
                node.lastSeenAt().plus(offlineAfter), () -> data);
    }

    private void publish(String type, Task task) {
        publish(type, "task-" + task.id() + "-" + type.substring("task.".length()), task.spiderId(), task.scheduleId(),
                task.finishedAt() != null ? task.finishedAt() : task.startedAt() != null ? task.startedAt()
                        : Instant.now(), () -> taskData(task));
    }

    /** The event's data is made only if someone subscribed to it: a task's reads its spider's row. */
    private void publish(String type, String eventId, Long spiderId, Long scheduleId, Instant at,
            Supplier<Map<String, Object>> data) {
        List<Subscription> subscriptions = store.matching(type, spiderId, scheduleId);
        if (subscriptions.isEmpty()) {
            return;
        }
        // The Standard Webhooks envelope: type, timestamp, and what the event is about in data.
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("timestamp", at.toString());
        envelope.put("data", data.get());
        String payload = JSON.writeValueAsString(envelope);
        for (Subscription subscription : subscriptions) {
            start(store.delivery(subscription.id(), eventId, type, payload), WebhookDeliveryWorkflow::workflowId);
        }
    }

    private String base() {
        return properties.publicUrl().replaceAll("/+$", "");
    }

    /** Sends the delivery again, as a new workflow whose attempts the delivery log numbers on from the last. */
    public void redeliver(long deliveryId) {
        store.setDeliveryStatus(deliveryId, "pending");
        start(deliveryId, id -> WebhookDeliveryWorkflow.workflowId(id) + "-r" + Instant.now().toEpochMilli());
    }

    private void start(long deliveryId, java.util.function.LongFunction<String> workflowId) {
        WebhookDeliveryWorkflow workflow = client.newWorkflowStub(WebhookDeliveryWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId.apply(deliveryId))
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        try {
            WorkflowClient.start(workflow::deliver, new DeliveryRequest(deliveryId, properties.retryInitialInterval(),
                    properties.retryMaxInterval(), properties.retryFor()));
        } catch (WorkflowExecutionAlreadyStarted e) {
            // A retried finalize publishes again: the delivery is already on its way.
        }
    }

    /** The task's summary, with links. */
    private Map<String, Object> taskData(Task task) {
        String base = base();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", task.id());
        data.put("spiderId", task.spiderId());
        data.put("spider", spiders.find(task.spiderId()).map(Spider::name).orElse(null));
        data.put("scheduleId", task.scheduleId());
        data.put("status", task.status().wireName());
        data.put("node", task.nodeKey());
        data.put("exitCode", task.exitCode());
        data.put("errorKind", task.errorKind() == null ? null : task.errorKind().name().toLowerCase(java.util.Locale.ROOT));
        data.put("errorMessage", task.errorMessage());
        data.put("items", task.progress() == null ? 0 : task.progress().items());
        data.put("logLines", task.progress() == null ? 0 : task.progress().logLines());
        data.put("createdAt", String.valueOf(task.createdAt()));
        data.put("startedAt", task.startedAt() == null ? null : task.startedAt().toString());
        data.put("finishedAt", task.finishedAt() == null ? null : task.finishedAt().toString());
        data.put("links", Map.of(
                "task", base + "/api/tasks/" + task.id(),
                "logs", base + "/api/tasks/" + task.id() + "/logs",
                "items", base + "/api/tasks/" + task.id() + "/items"));
        return data;
    }
}
