package dev.crawlyard.activities.processes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small shell process, in a session of its own, that outlives the node's JVM by a few seconds
 * to stop the spiders the JVM can no longer watch. Its stdin is a pipe whose only writer is the
 * JVM; the kernel closes it when the JVM ends, however it ends (SIGKILL, a crash, the OOM killer,
 * a clean stop), and the watchdog, reading end-of-file, sends SIGTERM to every process group in the
 * node's {@link ProcessLedger}, then SIGKILL after the grace period, and removes their records. It
 * costs one sleeping process per node and no polling; a spider that prints nothing is stopped as
 * surely as one whose next print would have hit the broken pipe.
 */
public final class NodeWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeWatchdog.class);

    /**
     * $1 the ledger's directory, $2 the seconds between SIGTERM and SIGKILL. A group whose leader
     * pid now belongs to a process started later than the recorded one is left alone.
     */
    static final String SCRIPT = """
            dir=$1; grace=$2
            trap '' INT HUP TERM QUIT
            while read -r _; do :; done
            stopped=
            for record in "$dir"/*-*; do
              [ -f "$record" ] || continue
              name=${record##*/}; group=${name%%-*}; started=${name#*-}
              case "$group$started" in *[!0-9]*|'') continue ;; esac
              if [ -r "/proc/$group/stat" ]; then
                stat=$(cat "/proc/$group/stat" 2>/dev/null); stat=${stat##*) }
                set -- $stat
                if [ $# -ge 20 ]; then shift 19; if [ "$1" != "$started" ]; then rm -f "$record"; continue; fi; fi
              fi
              kill -s TERM -- "-$group" 2>/dev/null
              stopped="$stopped $group:$record"
            done
            [ -n "$stopped" ] || exit 0
            sleep "$grace"
            for entry in $stopped; do
              kill -s KILL -- "-${entry%%:*}" 2>/dev/null
              rm -f "${entry#*:}"
            done
            """;

    private final Process process;
    private volatile boolean closed;

    private NodeWatchdog(Process process) {
        this.process = process;
    }

    /** Starts the watchdog of {@code ledger}; it waits quietly until this JVM ends or {@link #close} is called. */
    public static NodeWatchdog start(ProcessLedger ledger, Duration grace) throws IOException {
        Files.createDirectories(ledger.directory());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
            // Out of the JVM's process group and session, so that a signal to the node's group (a
            // Ctrl-C in its terminal) does not reach the watchdog before it has done its job.
            command.add("setsid");
        }
        command.addAll(List.of("/bin/sh", "-c", SCRIPT, "crawlyard-watchdog",
                ledger.directory().toAbsolutePath().toString(), Long.toString(Math.max(1, grace.toSeconds()))));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        log.info("watchdog pid {} stops this node's spiders if the node dies", process.pid());
        return new NodeWatchdog(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Runs {@code unexpected} should the watchdog end without {@link #close} (someone killed it). */
    public void onExit(Runnable unexpected) {
        process.onExit().thenRun(() -> {
            if (!closed) {
                unexpected.run();
            }
        });
    }

    /** Ends the watchdog as the JVM's end would: it stops whatever groups are still recorded. */
    @Override
    public void close() {
        closed = true;
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
        } catch (IOException e) {
            log.debug("closing the watchdog's pipe: {}", e.getMessage());
        }
    }
}
