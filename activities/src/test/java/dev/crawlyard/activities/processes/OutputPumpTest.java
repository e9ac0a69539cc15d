package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.processes.OutputSpool.SpooledLine;
import dev.crawlyard.store.logs.LogStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the output reader makes of a spider's bytes: every line stored, what it changed said and counted. */
class OutputPumpTest {

    static final long SEED = 14_000_002L;
    static final int CASES = 300;

    @TempDir
    Path directory;

    private record Pumped(List<SpooledLine> lines, long repaired) {

        List<String> texts(LogStream stream) {
            return lines.stream().filter(l -> l.stream() == stream).map(SpooledLine::text).toList();
        }
    }

    private Pumped pump(byte[] output, int maxLineLength) throws Exception {
        try (OutputSpool spool = new OutputSpool(directory.resolve("spool-" + System.nanoTime()), 64L << 20, 0)) {
            OutputPump pump = new OutputPump(new ByteArrayInputStream(output), LogStream.STDOUT, spool, maxLineLength);
            pump.run();
            spool.closeForWriting();
            List<SpooledLine> all = new ArrayList<>();
            while (!spool.allTaken()) {
                List<SpooledLine> batch = new ArrayList<>();
                spool.release(spool.take(batch, 10_000, Duration.ofMillis(10)));
                all.addAll(batch);
            }
            return new Pumped(all, pump.repairedLines());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLineOverTheLimitIsStoredInPiecesWithANoticeAndAWarning() throws Exception {
        String longLine = "é".repeat(30); // 60 bytes: two-byte characters, which no cut may split
        Pumped pumped = pump(utf8("before\n" + longLine + "\nafter\n"), 25);

        assertThat(String.join("", pumped.texts(LogStream.STDOUT).subList(1, 4))).isEqualTo(longLine);
        assertThat(pumped.texts(LogStream.STDOUT)).first().isEqualTo("before");
        assertThat(pumped.texts(LogStream.STDOUT)).last().isEqualTo("after");
        assertThat(pumped.texts(LogStream.STDOUT)).noneMatch(piece -> piece.contains("\uFFFD"));
        assertThat(pumped.texts(LogStream.SYSTEM)).singleElement().asString()
                .contains("line 2 of stdout is longer than 25 bytes");
        assertThat(pumped.repaired()).isEqualTo(1);
    }

    @Test
    void invalidUtf8AndNulBecomeReplacementCharactersCountedPerLine() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        output.writeBytes(utf8("ok\n"));
        output.writeBytes(new byte[] {'a', (byte) 0xC3, (byte) 0x28, 'b', '\n'});
        output.writeBytes(utf8("nul\u0000here\n"));

        Pumped pumped = pump(output.toByteArray(), 1024);

        assertThat(pumped.texts(LogStream.STDOUT)).containsExactly("ok", "a\uFFFD(b", "nul\uFFFDhere");
        assertThat(pumped.texts(LogStream.SYSTEM)).hasSize(2);
        assertThat(pumped.repaired()).isEqualTo(2);
    }

    @Test
    void ansiEscapesAndCarriageReturnsAreKeptAsPrinted() throws Exception {
        Pumped pumped = pump(utf8("\u001b[31mred\u001b[0m\n10%\r20%\r30%\r\nlast"), 1024);

        assertThat(pumped.texts(LogStream.STDOUT)).containsExactly("\u001b[31mred\u001b[0m", "10%\r20%\r30%", "last");
        assertThat(pumped.repaired()).isZero();
    }

    @Test
    void noticesStopAfterTenButTheCountGoesOn() throws Exception {
        Pumped pumped = pump(utf8("\u0000\n".repeat(50)), 1024);

        assertThat(pumped.texts(LogStream.STDOUT)).hasSize(50);
        assertThat(pumped.texts(LogStream.SYSTEM)).hasSize(OutputPump.MAX_NOTICES + 1);
        assertThat(pumped.repaired()).isEqualTo(50);
    }

    static Stream<Arguments> outputs() {
        SplittableRandom random = new SplittableRandom(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int lines = 1 + random.nextInt(40);
            for (int l = 0; l < lines; l++) {
                if (random.nextInt(4) == 0) {
                    byte[] noise = new byte[random.nextInt(300)];
                    random.nextBytes(noise);
                    bytes.writeBytes(noise);
                } else {
                    bytes.writeBytes(HostileLines.line(random));
                }
                bytes.write('\n');
            }
            return Arguments.of(i, bytes.toByteArray());
        });
    }

    @ParameterizedTest(name = "output {0}")
    @MethodSource("outputs")
    void anyBytesAreStoredWholeWithoutNulAndEveryPieceIsAccountedFor(int index, byte[] output) throws Exception {
        Pumped pumped = pump(output, 512);

        List<String> stored = pumped.texts(LogStream.STDOUT);
        assertThat(stored).noneMatch(line -> line.indexOf('\0') >= 0);
        long newlines = IntStream.range(0, output.length).filter(i -> output[i] == '\n').count();
        assertThat((long) stored.size()).isGreaterThanOrEqualTo(newlines);
        // Nothing dropped: each byte is stored as itself, or within a replacement character (3 bytes in
        // UTF-8) that stands for at most 3 bytes of a bad sequence, or 1 NUL.
        long storedBytes = stored.stream().mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(storedBytes).isGreaterThanOrEqualTo(output.length - newlines
                - countCarriageReturnsBeforeNewline(output));
        // Every repaired line was said: up to the notice limit, one system line each.
        assertThat((long) pumped.texts(LogStream.SYSTEM).size())
                .isEqualTo(Math.min(pumped.repaired(), OutputPump.MAX_NOTICES + (pumped.repaired() > OutputPump.MAX_NOTICES ? 1 : 0)));
    }

    private static long countCarriageReturnsBeforeNewline(byte[] output) {
        return IntStream.range(1, output.length).filter(i -> output[i] == '\n' && output[i - 1] == '\r').count();
    }
}
