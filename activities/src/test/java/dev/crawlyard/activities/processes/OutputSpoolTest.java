package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.processes.OutputSpool.SpooledLine;
import dev.crawlyard.store.logs.LogStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSpoolTest {

    @TempDir
    Path directory;

    @Test
    void linesComeOutNumberedInOrderAcrossChunksIncludingOneLargerThanAChunk() throws Exception {
        try (OutputSpool spool = new OutputSpool(directory.resolve("s"), 64L * 1024 * 1024, 100)) {
            String huge = "x".repeat(1_500_000);
            for (int i = 0; i < 50_000; i++) {
                spool.append(i % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR, "line " + i);
            }
            spool.append(LogStream.STDOUT, huge);
            spool.append(LogStream.STDOUT, "after ünïcode");
            spool.closeForWriting();

            List<SpooledLine> all = new ArrayList<>();
            while (!spool.allTaken()) {
                List<SpooledLine> batch = new ArrayList<>();
                spool.release(spool.take(batch, 2000, Duration.ofMillis(10)));
                all.addAll(batch);
            }

            assertThat(all).hasSize(50_002);
            assertThat(all.get(0)).extracting(SpooledLine::seq, SpooledLine::stream, SpooledLine::text)
                    .containsExactly(101L, LogStream.STDOUT, "line 0");
            assertThat(all.get(49_999).text()).isEqualTo("line 49999");
            assertThat(all.get(49_999).stream()).isEqualTo(LogStream.STDERR);
            assertThat(all.get(50_000).text()).isEqualTo(huge);
            assertThat(all.get(50_001).text()).isEqualTo("after ünïcode");
            assertThat(all.get(50_001).seq()).isEqualTo(100 + 50_002);
            assertThat(Files.size(directory.resolve("s"))).isZero();
        }
    }

    @Test
    void aFullSpoolHoldsTheWriterUntilLinesAreReleased() throws Exception {
        try (OutputSpool spool = new OutputSpool(directory.resolve("s"), 1024, 0)) {
            AtomicInteger written = new AtomicInteger();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        spool.append(LogStream.STDOUT, "a line of about forty bytes, number " + i);
                        written.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep(300);
            int whileFull = written.get();
            assertThat(whileFull).isLessThan(30);
            assertThat(spool.pendingBytes()).isLessThanOrEqualTo(1024);

            List<SpooledLine> all = new ArrayList<>();
            while (all.size() < 200) {
                List<SpooledLine> batch = new ArrayList<>();
                spool.release(spool.take(batch, 10, Duration.ofMillis(100)));
                all.addAll(batch);
            }
            writer.join();
            assertThat(all).extracting(SpooledLine::seq).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        }
    }
}
