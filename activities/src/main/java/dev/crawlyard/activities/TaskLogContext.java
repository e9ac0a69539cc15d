package dev.crawlyard.activities;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.MDC;

/**
 * Puts the task's context in the logging context (MDC) for the length of every activity a node runs:
 * {@code taskId}, {@code attempt} and {@code spiderId} from the activity's input record where it has
 * them, and the {@code node}. Plain log lines show the task id; structured (JSON) lines carry them all.
 */
public final class TaskLogContext extends WorkerInterceptorBase {

    private static final Set<String> KEYS = Set.of("taskId", "attempt", "spiderId");

    private final String nodeKey;

    public TaskLogContext(String nodeKey) {
        this.nodeKey = nodeKey;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                List<String> put = new ArrayList<>();
                MDC.put("node", nodeKey);
                put.add("node");
                if (input.getArguments().length > 0 && input.getArguments()[0] instanceof Record request) {
                    for (RecordComponent component : request.getClass().getRecordComponents()) {
                        if (KEYS.contains(component.getName())) {
                            put.add(component.getName());
                            MDC.put(component.getName(), String.valueOf(value(component, request)));
                        }
                    }
                }
                try {
                    return super.execute(input);
                } finally {
                    put.forEach(MDC::remove);
                }
            }
        };
    }

    private static Object value(RecordComponent component, Record request) {
        try {
            return component.getAccessor().invoke(request);
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }
}
