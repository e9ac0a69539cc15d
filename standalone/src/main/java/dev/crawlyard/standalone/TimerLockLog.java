package dev.crawlyard.standalone;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the test server's timer from keeping a log of its time locks, which slows the embedded
 * Temporal down the longer it runs.
 *
 * <p>Temporal's test server (1.38.0, the newest) keeps, in {@code SelfAdvancingTimerImpl}, a linked
 * list of every time lock and unlock "for debugging purposes only". The locks taken and released
 * by name are never taken off it, so it grows by about eight entries per workflow (54,000 after
 * two minutes of the throughput bench); and every release of a lock held by handle, several per
 * workflow task, searches it from the start, under the lock every call of the server takes. The
 * bench's no-op workflows ran at 82/s on a fresh server and 50/s two minutes later, with the
 * server's timer threads the busiest in the JVM. The list only ever feeds the server's diagnostic
 * text and a check against releasing a lock twice, so this puts an empty one in its place, which
 * records nothing: the lock count that decides whether time may skip is kept apart from it and is
 * untouched.
 *
 * <p>Written by hand because no setting of the test server turns the list off. It reaches into a
 * private final field; a server whose fields differ, or a JVM that refuses, leaves the list as it
 * was and says so in the log: the platform works as before, slowing down as before.
 */
final class TimerLockLog {

    private static final Logger log = LoggerFactory.getLogger(TimerLockLog.class);

    private TimerLockLog() {
    }

    /** Empties the timer's lock log for good; whether it could. */
    static boolean silence(TestServicesStarter services) {
        try {
            Object timer = field(services.getClass(), "selfAdvancingTimer").get(services);
            Field events = field(timer.getClass(), "lockEvents");
            Lock lock = (Lock) field(timer.getClass(), "lock").get(timer);
            // Under the timer's own lock, which guards every use of the list: its threads see the new one.
            lock.lock();
            try {
                events.set(timer, new Unrecorded());
            } finally {
                lock.unlock();
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("could not stop the embedded Temporal's timer from logging its locks ({}); it will slow down"
                    + " the longer it runs", e.toString());
            return false;
        }
    }

    /** How many lock events the timer holds in its log now; -1 if it cannot be read. */
    static int size(TestServicesStarter services) {
        try {
            Object timer = field(services.getClass(), "selfAdvancingTimer").get(services);
            Lock lock = (Lock) field(timer.getClass(), "lock").get(timer);
            lock.lock();
            try {
                return ((LinkedList<?>) field(timer.getClass(), "lockEvents").get(timer)).size();
            } finally {
                lock.unlock();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /**
     * A lock log that keeps nothing. The timer adds each event and, when a lock held by handle is
     * released, takes its event off and refuses the release if it is not found: so taking off
     * always succeeds. What is lost is that check: a handle released twice (a bug of the server)
     * would no longer be refused unless it took the lock count below zero. Keeping the handles'
     * events alone would keep the check, but the timer makes the same event for a lock by handle
     * and a lock by name, and those by name are never taken off: any log that keeps them grows.
     */
    private static final class Unrecorded extends LinkedList<Object> {

        @Override
        public boolean add(Object event) {
            return true;
        }

        @Override
        public boolean remove(Object event) {
            return true;
        }
    }
}
