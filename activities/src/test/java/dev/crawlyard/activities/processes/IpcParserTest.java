package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpcParserTest {

    private final IpcParser parser = new IpcParser(null);

    private static List<String> texts(IpcMessage message) {
        assertThat(message).isInstanceOf(IpcMessage.Data.class);
        return ((IpcMessage.Data) message).items().stream().map(IpcMessage.Item::json).toList();
    }

    @Test
    void dataLinesGiveTheirObjectsAsPrintedWhateverTheFieldOrder() {
        assertThat(texts(parser.parse("{\"ipc\": true, \"type\": \"data\", \"payload\": {\"a\": \"}{\\\"\", \"b\": [1, {}]}}")))
                .containsExactly("{\"a\": \"}{\\\"\", \"b\": [1, {}]}");
        assertThat(texts(parser.parse("{\"payload\": [{\"x\": \"😀\"}, {\"y\": 2}], \"type\": \"INSERT_DATA\", \"ipc\": true}")))
                .containsExactly("{\"x\": \"😀\"}", "{\"y\": 2}");
        assertThat(texts(parser.parse("  {\"type\":\"data\",\"ipc\":true,\"payload\":{}}"))).containsExactly("{}");
    }

    @Test
    void theDedupKeyIsReadFromANestedFieldAndNulIsReplaced() {
        IpcParser keyed = new IpcParser("meta.url");
        IpcMessage.Data data = (IpcMessage.Data) keyed.parse(
                "{\"ipc\": true, \"type\": \"data\", \"payload\": [{\"meta\": {\"url\": \"u1\"}}, {\"t\": \"a\\u0000b\"}]}");
        assertThat(data.items()).extracting(IpcMessage.Item::dedupKey).containsExactly("u1", null);
        assertThat(data.items().get(1).json()).isEqualTo("{\"t\":\"a\uFFFDb\"}");
        assertThat(texts(parser.parse("{\"ipc\": true, \"type\": \"data\", \"payload\": {\"t\": \"\\u0000\"}}")))
                .containsExactly("{\"t\":\"\uFFFD\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ipc\": true, \"type\": \"data\", \"payload\": [1, 2]}",
        "{\"ipc\": true, \"type\": \"data\", \"payload\": \"text\"}",
        "{\"ipc\": true, \"type\": \"data\", \"payload\": {\"open\": ",
        "{\"ipc\": true, \"type\": \"unheard-of\", \"payload\": {}}",
        "{\"ipc\": true, \"payload\": {}}"})
    void brokenMessagesAreMalformedNeverThrown(String line) {
        assertThat(parser.parse(line)).isInstanceOf(IpcMessage.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain text", "{\"not\": \"ipc\"}", "{\"ipc\": false, \"type\": \"data\", \"payload\": {}}",
        "[{\"ipc\": true}]", "{\"ipc\": \"yes\", \"type\": \"data\", \"payload\": {}}"})
    void otherLinesArePlain(String line) {
        assertThat(parser.parse(line)).isInstanceOf(IpcMessage.Plain.class);
    }

    @Test
    void progressErrorAndLogMessagesAreRead() {
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"STATUS\", \"payload\": {\"stage\": \"s\", \"current\": 2, \"total\": 4}}"))
                .isEqualTo(new IpcMessage.Progress("s", 2L, 4L, null));
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"ERROR\", \"payload\": {\"message\": \"m\", \"kind\": \"network\"}}"))
                .isEqualTo(new IpcMessage.SpiderError("m", "network"));
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"log\", \"payload\": {\"level\": \"debug\", \"message\": \"x\"}}"))
                .isEqualTo(new IpcMessage.Log("debug", "x"));
    }

    @Test
    void aStateIsAJsonObjectOfBoundedSizeAndAnythingElseIsMalformed() {
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"state\", \"payload\": {\"cursor\": \"c2\", \"n\": [1]}}"))
                .isEqualTo(new IpcMessage.State("{\"cursor\":\"c2\",\"n\":[1]}"));
        assertThat(parser.parse("{\"ipc\": true, \"type\": \"state\", \"payload\": {\"t\": \"a\\u0000\"}}"))
                .isEqualTo(new IpcMessage.State("{\"t\":\"a\uFFFD\"}"));
        assertThat(parser.repairedLines()).isEqualTo(1);
        String big = "{\"ipc\": true, \"type\": \"state\", \"payload\": {\"blob\": \"" + "x".repeat(64 * 1024) + "\"}}";
        for (String line : List.of(big, "{\"ipc\": true, \"type\": \"state\", \"payload\": [1]}",
                "{\"ipc\": true, \"type\": \"state\", \"payload\": \"c2\"}",
                "{\"ipc\": true, \"type\": \"state\"}")) {
            assertThat(parser.parse(line)).as(line.substring(0, Math.min(80, line.length())))
                    .isInstanceOf(IpcMessage.Malformed.class);
        }
    }
}
