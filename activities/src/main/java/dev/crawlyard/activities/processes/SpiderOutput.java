package dev.crawlyard.activities.processes;

import dev.crawlyard.store.logs.LogStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running spider's output: the two pumps that read it into the spool, and the sink that stores it. */
final class SpiderOutput {

    private static final Logger log = LoggerFactory.getLogger(SpiderOutput.class);

    private final SpiderProcess group;
    private final OutputSpool spool;
    private final OutputSink sink;
    private final RunnerSettings settings;
    private final OutputPump outPump;
    private final OutputPump errPump;
    private final Thread stdout;
    private final Thread stderr;

    /** Starts reading the group's stdout and stderr into {@code spool}, from which {@code sink} stores it. */
    SpiderOutput(SpiderProcess group, OutputSpool spool, OutputSink sink, RunnerSettings settings) {
        this.group = group;
        this.spool = spool;
        this.sink = sink;
        this.settings = settings;
        Process process = group.process();
        this.outPump = new OutputPump(process.getInputStream(), LogStream.STDOUT, spool, settings.maxLineLength());
        this.errPump = new OutputPump(process.getErrorStream(), LogStream.STDERR, spool, settings.maxLineLength());
        this.stdout = Thread.ofVirtual().start(outPump);
        this.stderr = Thread.ofVirtual().start(errPump);
    }

    /** Lines the pumps stored only after a repair (split, invalid UTF-8, NUL). */
    long repairedLines() {
        return outPump.repairedLines() + errPump.repairedLines();
    }

    OutputSink sink() {
        return sink;
    }

    /**
     * Waits for the pumps to reach the end of the spider's output, stores what is spooled and
     * removes the spool. A child left running by the spider may hold the output open; after a
     * short wait it is killed with the rest of the group, so that a task's processes never outlive it.
     */
    void finish() {
        try {
            if (!stdout.join(settings.outputDrainTimeout()) | !stderr.join(settings.outputDrainTimeout())
                    || group.isAlive()) {
                log.info("the spider exited but left processes behind; killing its process group");
                group.kill();
                group.process().getInputStream().close();
                group.process().getErrorStream().close();
                stdout.join(settings.outputDrainTimeout());
                stderr.join(settings.outputDrainTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the spider's output: {}", e.getMessage());
        }
        sink.finish(() -> { });
        try {
            spool.close();
        } catch (IOException e) {
            log.debug("could not remove the output spool: {}", e.getMessage());
        }
    }
}
