package dev.crawlyard.planning.webhooks;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a task's start or end into a delivery for each subscription that wants it, and starts a
 * delivery workflow for each. Idempotent: the event's id is made from the task and the event, a
 * delivery row is made once per subscription and event, and its workflow id is the delivery's.
 */
public final class WebhookEvents {

    /** The events a subscription may ask for. */
    public static final List<String> TASK_EVENTS = List.of("task.started", "task.finished", "task.error",
            "task.cancelled", "task.timed_out", "task.abnormal");

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

    private void publish(String type, Task task) {
        List<Subscription> subscriptions = store.matching(type, task.spiderId(), task.scheduleId());
        if (subscriptions.isEmpty()) {
            return;
        }
        String eventId = "task-" + task.id() + "-" + type.substring("task.".length());
        String payload = payload(type, task);
        for (Subscription subscription : subscriptions) {
            start(store.delivery(subscription.id(), eventId, type, payload), WebhookDeliveryWorkflow::workflowId);
        }
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

    /** The Standard Webhooks envelope: type, timestamp, and the task's summary with links in data. */
    private String payload(String type, Task task) {
        String base = properties.publicUrl().replaceAll("/+$", "");
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
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("timestamp", String.valueOf(task.finishedAt() != null ? task.finishedAt()
                : task.startedAt() != null ? task.startedAt() : Instant.now()));
        envelope.put("data", data);
        return JSON.writeValueAsString(envelope);
    }
}
