package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IPC parser contains whatever a spider prints: it never throws, numbers out of range are
 * clamped field by field, NUL characters are replaced, and every line it had to repair is counted.
 */
class IpcContainmentTest {

    static final long SEED = 14_000_001L;
    static final int CASES = 2_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IpcParser parser = new IpcParser(null);

    @Test
    void aCurrentOf1e308IsClampedInsteadOfKillingTheReader() {
        IpcMessage message = parser.parse("{\"ipc\": true, \"type\": \"progress\", \"payload\": {\"stage\": \"x\", "
                + "\"current\": 1e308, \"total\": -5, \"percentage\": 40}}");

        assertThat(message).isEqualTo(new IpcMessage.Progress("x", Long.MAX_VALUE, 0L, 40.0));
        assertThat(parser.repairedLines()).isEqualTo(1);
    }

    @Test
    void aPercentageOf1e999IsAHundredAndNotAnInfinity() {
        IpcMessage message = parser.parse("{\"ipc\": true, \"type\": \"progress\", \"payload\": {\"percentage\": 1e999,"
                + " \"current\": 2.9}}");

        assertThat(message).isEqualTo(new IpcMessage.Progress(null, 2L, null, 100.0));
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"progress\", \"payload\": {\"percentage\": -1e999}}"))
                .isEqualTo(new IpcMessage.Progress(null, null, null, 0.0));
    }

    @Test
    void aNulInAnErrorMessageIsReplacedAndCounted() {
        IpcMessage message = parser.parse("{\"ipc\": true, \"type\": \"error\", \"payload\": {\"message\": "
                + "\"bad\\u0000page\", \"kind\": \"net\\u0000\"}}");

        assertThat(message).isEqualTo(new IpcMessage.SpiderError("bad\uFFFDpage", "net\uFFFD"));
        assertThat(parser.repairedLines()).isEqualTo(1);
    }

    @Test
    void aLongErrorMessageIsCutAndALongDedupKeyKeptAsItsHash() {
        String message = "e".repeat(100_000);
        IpcMessage error = parser.parse("{\"ipc\": true, \"type\": \"error\", \"payload\": {\"message\": \"" + message
                + "\"}}");
        IpcMessage.Data data = (IpcMessage.Data) new IpcParser("url").parse(
                "{\"ipc\": true, \"type\": \"data\", \"payload\": {\"url\": \"" + "u".repeat(10_000) + "\"}}");

        assertThat(((IpcMessage.SpiderError) error).message()).hasSizeLessThan(5_000);
        assertThat(data.items().getFirst().dedupKey()).startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void deepNestingAndTruncatedJsonAreMalformedNotFatal() {
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"data\", \"payload\": " + "[".repeat(100_000)))
                .isInstanceOf(IpcMessage.Malformed.class);
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"progress\", \"payload\": {\"current\": 1"))
                .isInstanceOf(IpcMessage.Malformed.class);
    }

    static Stream<Arguments> hostileLines() {
        SplittableRandom random = new SplittableRandom(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> Arguments.of(i,
                new String(HostileLines.line(random), StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "line {0}")
    @MethodSource("hostileLines")
    void everyLineIsReadWithoutThrowingAndNothingReadHoldsANul(int index, String line) {
        IpcMessage message = parser.parse(line);

        assertThat(message).isNotNull();
        switch (message) {
            case IpcMessage.Progress p -> {
                assertThat(p.stage() == null || p.stage().indexOf('\0') < 0).isTrue();
                assertThat(p.current() == null || p.current() >= 0).isTrue();
                assertThat(p.percentage() == null || (p.percentage() >= 0 && p.percentage() <= 100)).isTrue();
            }
            case IpcMessage.SpiderError e -> assertThat(e.message() + e.kind()).doesNotContain("\0");
            case IpcMessage.Log l -> assertThat(l.message() + l.level()).doesNotContain("\0");
            // What PostgreSQL's jsonb refuses: a NUL in any string, escaped or not.
            case IpcMessage.Data d -> assertThat(d.items()).allSatisfy(item -> assertThat(
                    JSON.readTree(item.json()).toString()).doesNotContain("\0").doesNotContainPattern("(?<!\\\\)\\\\u0000"));
            default -> {
            }
        }
    }
}
