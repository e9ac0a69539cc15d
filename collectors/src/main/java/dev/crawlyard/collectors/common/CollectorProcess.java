package dev.crawlyard.collectors.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a built-in collector's process runs under a node's runner: it watches stdin for the cancel
 * message, takes SIGTERM (a cancel past its notice period, or the runtime limit) as a cancel and
 * gives the collector up to 5 s to end as a cancel would, and exits with the collector's code.
 */
public final class CollectorProcess {

    /** The collector's work: it returns the process's exit code, ending early once {@code stop} says so. */
    @FunctionalInterface
    public interface Work {
        int run() throws Exception;
    }

    private CollectorProcess() {
    }

    public static void run(StopSignal stop, Work work) throws Exception {
        stop.watch(System.in);
        Thread main = Thread.currentThread();
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            stop.cancel();
            try {
                main.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        int code = work.run();
        // During a shutdown the JVM exits by itself; System.exit would wait for the hook, which waits for us.
        if (!shuttingDown.get()) {
            System.exit(code);
        }
    }
}
