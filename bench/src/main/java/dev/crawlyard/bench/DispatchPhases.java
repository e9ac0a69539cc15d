package dev.crawlyard.bench;

import dev.crawlyard.workflows.task.TaskRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a dispatch's time goes, read from the Temporal histories of the task's run and of the task
 * (event times are the embedded server's, on this machine's clock): from the request sent to the
 * run's workflow started, to the task's workflow started, to its claim scheduled, taken and done,
 * to its process step scheduled and taken, to the process started (the task row's time). It reads
 * a task's first activity as its claim and its second as its run step, which holds for a task with
 * nothing to sync or install (the scenario's {@code true}), not for one with files.
 */
final class DispatchPhases {

    static final List<String> NAMES = List.of("to run started", "to task started", "to claim scheduled",
            "to claim taken", "claim", "to run step scheduled", "to run step taken", "to process started");

    private final WorkflowClient temporal;
    private final List<double[]> phases = new ArrayList<>();

    DispatchPhases(WorkflowClient temporal) {
        this.temporal = temporal;
    }

    /** Records one task's phases, in milliseconds; the times are microseconds since the epoch. */
    void add(String runWorkflowId, long taskId, double sentMicros, double startedMicros) {
        double runStarted = first(events(runWorkflowId), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0);
        List<HistoryEvent> task = events(TaskRequest.workflowId(taskId));
        double taskStarted = first(task, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0);
        double claimScheduled = first(task, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 0);
        double claimStarted = first(task, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 0);
        double claimDone = first(task, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 0);
        double runScheduled = first(task, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1);
        double runTaken = first(task, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 1);
        double[] times = {sentMicros, runStarted, taskStarted, claimScheduled, claimStarted, claimDone, runScheduled,
            runTaken, startedMicros};
        double[] spans = new double[NAMES.size()];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = (times[i + 1] - times[i]) / 1000;
        }
        phases.add(spans);
    }

    /** The median of each phase, and the phases of the slowest tasks. */
    String summary(int slowest) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            int phase = i;
            medians.put(NAMES.get(i), Stats.of(phases.stream().map(p -> p[phase]).toList()).p50());
        }
        String typical = medians.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        String slow = phases.stream()
                .sorted((a, b) -> Double.compare(total(b), total(a)))
                .limit(slowest)
                .map(p -> {
                    StringBuilder spans = new StringBuilder();
                    for (double span : p) {
                        spans.append(spans.isEmpty() ? "" : "+").append(String.format(Locale.ROOT, "%.0f", span));
                    }
                    return spans.toString();
                })
                .collect(Collectors.joining(", "));
        return "median ms by phase: " + typical + "; the " + slowest + " slowest, phase by phase: " + slow;
    }

    private static double total(double[] spans) {
        double sum = 0;
        for (double span : spans) {
            sum += span;
        }
        return sum;
    }

    private List<HistoryEvent> events(String workflowId) {
        return temporal.fetchHistory(workflowId).getHistory().getEventsList();
    }

    /** The time, in microseconds since the epoch, of the {@code nth} event of a type. */
    private static double first(List<HistoryEvent> events, EventType type, int nth) {
        int seen = 0;
        for (HistoryEvent event : events) {
            if (event.getEventType() == type && seen++ == nth) {
                return event.getEventTime().getSeconds() * 1e6 + event.getEventTime().getNanos() / 1e3;
            }
        }
        return Double.NaN;
    }
}
