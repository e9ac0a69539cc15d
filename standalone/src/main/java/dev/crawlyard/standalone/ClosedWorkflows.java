package dev.crawlyard.standalone;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded Temporal forget closed workflows, as a real server does after its retention
 * period, so that a standalone platform's memory does not grow with every task it ever ran.
 *
 * <p>Temporal's test server keeps every workflow it ever ran, closed or not: its state, its
 * history and its search attributes, in maps it never empties; and the timeouts of a workflow's
 * activities and workflow tasks stay queued after they ended, holding the workflow's state, until
 * they fire (a run step's start-to-close backstop is a week). The throughput bench kept about 25 KB
 * of heap per workflow, and a task is two workflows (its run request's and its own): a platform
 * running 100,000 tasks a day would fill a 6 GB heap in about a day. This takes a closed workflow
 * out of those maps once it has been closed for {@link #RETENTION}, and the oldest closed ones
 * beyond {@link #MAX_CLOSED} sooner, and drops its timers and every cancelled one from the queue
 * ({@link #dropTimers}). Nothing the platform does needs a workflow after it closed: a task's
 * outcome is in its row before its workflow closes, a repeated run request finds its tasks by its
 * key in the database, and a task workflow started again for a task that ended is refused by its
 * row at the claim.
 *
 * <p>Written by hand because the test server has no retention and no deletion. It reaches into
 * private fields, under the same locks the server takes for them; a server whose fields differ
 * leaves its workflows as they were and says so in the log, once.
 */
final class ClosedWorkflows {

    private static final Logger log = LoggerFactory.getLogger(ClosedWorkflows.class);

    /** How long a closed workflow is kept: about as long as anyone looks at one that just ended. */
    static final Duration RETENTION = Duration.ofHours(1);

    /**
     * At most this many closed workflows are kept (about 50 MB, a thousand tasks: a JVM's default
     * heap is a quarter of the machine's memory, 512 MB on a 2 GB machine), the oldest closed first.
     */
    static final int MAX_CLOSED = 2_000;

    private final Duration retention;
    private final int maxClosed;
    private final Internals server;
    private boolean warned;
    /** When each closed workflow was first seen closed, oldest first; its key is the server's ExecutionId. */
    private final LinkedHashMap<Object, Instant> closedSince = new LinkedHashMap<>();

    private ClosedWorkflows(Internals server, Duration retention, int maxClosed) {
        this.server = server;
        this.retention = retention;
        this.maxClosed = maxClosed;
    }

    /** The retention of this server's workflows, or empty if its fields are not those this knows. */
    static Optional<ClosedWorkflows> of(TestServicesStarter services, Duration retention, int maxClosed) {
        try {
            return Optional.of(new ClosedWorkflows(Internals.of(services), retention, maxClosed));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("the embedded Temporal will keep every closed workflow in memory: its fields are not those"
                    + " this version knows ({})", e.toString());
            return Optional.empty();
        }
    }

    /**
     * One pass: notes the workflows closed since the last, forgets those closed for longer than the
     * retention or beyond the most kept, and drops their timers and the cancelled ones. Gives how
     * many workflows it forgot.
     */
    synchronized int forget() {
        Set<Object> forgotten = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            forgetClosed(forgotten);
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce("could not forget the embedded Temporal's closed workflows: " + e);
        }
        dropTimers(forgotten);
        return forgotten.size();
    }

    /** How many workflows the server holds, open and closed. */
    int held() {
        server.serviceLock.lock();
        try {
            return server.executions.size();
        } finally {
            server.serviceLock.unlock();
        }
    }

    /** How many timers wait in the server's queue. */
    int timers() {
        server.timerLock.lock();
        try {
            return server.timers.size();
        } finally {
            server.timerLock.unlock();
        }
    }

    /** How many timers wait in the server's queue that are cancelled or belong to no workflow it holds. */
    int idleTimers() {
        server.serviceLock.lock();
        try {
            Set<Object> held = Collections.newSetFromMap(new IdentityHashMap<>());
            held.addAll(server.executions.values());
            server.timerLock.lock();
            try {
                return (int) server.timers.stream()
                        .filter(timer -> server.isCancelled(timer) || !server.ownerIn(timer, held)).count();
            } finally {
                server.timerLock.unlock();
            }
        } finally {
            server.serviceLock.unlock();
        }
    }

    private void forgetClosed(Set<Object> forgotten) throws ReflectiveOperationException {
        Instant now = Instant.now();
        List<Object> forgottenIds = new ArrayList<>();
        server.serviceLock.lock();
        try {
            for (Map.Entry<Object, Object> execution : server.executions.entrySet()) {
                if (!closedSince.containsKey(execution.getKey()) && server.isClosed(execution.getValue())) {
                    closedSince.put(execution.getKey(), now);
                }
            }
            var oldest = closedSince.entrySet().iterator();
            while (oldest.hasNext()) {
                Map.Entry<Object, Instant> closed = oldest.next();
                boolean expired = !closed.getValue().plus(retention).isAfter(now);
                if (!expired && closedSince.size() <= maxClosed) {
                    break;
                }
                Object state = server.executions.remove(closed.getKey());
                if (state != null) {
                    forgotten.add(state);
                    forgottenIds.add(closed.getKey());
                }
                oldest.remove();
            }
            if (forgotten.isEmpty()) {
                return;
            }
            server.byWorkflowId.values().removeIf(forgotten::contains);
            server.byChain.values().removeIf(forgotten::contains);
        } finally {
            server.serviceLock.unlock();
        }
        server.storeLock.lock();
        try {
            forgottenIds.forEach(server.histories::remove);
        } finally {
            server.storeLock.unlock();
        }
        forgottenIds.forEach(server.searchAttributes::remove);
    }

    /**
     * Drops the cancelled timers and those of the workflows just forgotten. The server never cancels
     * an activity's or a workflow task's timeouts when they end: it lets them fire and finds nothing
     * to time out, so each holds its workflow (a run step's start-to-close timeout for a week). A
     * timer's action is a lambda of the workflow's state, which it holds as a captured value; one
     * holding a forgotten workflow's state would fire on a closed workflow, and do nothing.
     */
    private void dropTimers(Set<Object> forgotten) {
        server.timerLock.lock();
        try {
            server.timers.removeIf(timer -> server.isCancelled(timer) || server.ownerIn(timer, forgotten));
        } catch (RuntimeException e) {
            warnOnce("could not drop the embedded Temporal's idle timers: " + e);
        } finally {
            server.timerLock.unlock();
        }
    }

    /** A pass that fails fails again five seconds later: the first failure is logged, not each. */
    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            log.warn("{} (further failures are not logged)", message);
        }
    }

    /** The test server's fields this reaches, each guarded by the lock next to it. */
    private record Internals(Lock serviceLock, Map<Object, Object> executions, Map<Object, Object> byWorkflowId,
            Map<Object, Object> byChain, Method isTerminal, Lock storeLock, Map<Object, Object> histories,
            Map<Object, Object> searchAttributes, Lock timerLock, PriorityQueue<Object> timers, Field cancelled,
            Field action, Map<Class<?>, Field[]> captures) {

        static Internals of(TestServicesStarter services) throws ReflectiveOperationException {
            Object service = read(services, "workflowService");
            Object store = read(services, "workflowStore");
            Object visibility = read(services, "visibilityStore");
            Object timer = read(services, "selfAdvancingTimer");
            Class<?> state = Class.forName("io.temporal.internal.testservice.TestWorkflowMutableState");
            Method isTerminal = state.getMethod("isTerminalState");
            isTerminal.setAccessible(true);
            Class<?> timerTask = Class.forName("io.temporal.internal.testservice.SelfAdvancingTimerImpl$TimerTask");
            Field cancelled = timerTask.getDeclaredField("canceled");
            cancelled.setAccessible(true);
            Field action = timerTask.getDeclaredField("runnable");
            action.setAccessible(true);
            return new Internals((Lock) read(service, "lock"), read(service, "executions"),
                    read(service, "executionsByWorkflowId"), read(service, "executionsByFirstExecutionRunId"),
                    isTerminal, (Lock) read(store, "lock"), read(store, "histories"),
                    read(visibility, "executionSearchAttributes"), (Lock) read(timer, "lock"), read(timer, "tasks"),
                    cancelled, action, new HashMap<>());
        }

        boolean isClosed(Object state) throws ReflectiveOperationException {
            return (Boolean) isTerminal.invoke(state);
        }

        boolean isCancelled(Object timerTask) {
            try {
                return cancelled.getBoolean(timerTask);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether the timer's action holds, as one of its captured values, one of these workflow states. */
        boolean ownerIn(Object timerTask, Set<Object> states) {
            if (states.isEmpty()) {
                return false;
            }
            try {
                Object runnable = action.get(timerTask);
                if (runnable == null) {
                    return false;
                }
                for (Field captured : captures.computeIfAbsent(runnable.getClass(), Internals::captured)) {
                    if (states.contains(captured.get(runnable))) {
                        return true;
                    }
                }
                return false;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Field[] captured(Class<?> type) {
            Field[] fields = Arrays.stream(type.getDeclaredFields())
                    .filter(field -> !Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive())
                    .toArray(Field[]::new);
            for (Field field : fields) {
                field.setAccessible(true);
            }
            return fields;
        }

        @SuppressWarnings("unchecked")
        private static <T> T read(Object owner, String name) throws ReflectiveOperationException {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(owner);
        }
    }
}
