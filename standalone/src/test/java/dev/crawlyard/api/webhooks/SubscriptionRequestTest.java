package dev.crawlyard.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A subscription's request is read as strictly as every other body (issue 14): an unknown field,
 * a value of another type, a text past its bound or with NUL, too many events, each is a 400 naming
 * the field, and no subscription is made. On this platform private targets are allowed (its
 * receivers listen on 127.0.0.1), so a loopback target is taken here; {@link PrivateTargetsRefusedTest}
 * runs with the default.
 */
class SubscriptionRequestTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    private long subscriptions() {
        return jdbc.sql("SELECT count(*) FROM webhook_subscriptions").query(Long.class).single();
    }

    private static List<String> fields(ApiClient.Reply reply) {
        var errors = reply.body().get("fieldErrors");
        return errors == null || !errors.isArray() ? List.of()
                : errors.valueStream().map(f -> f.get("field").asString()).toList();
    }

    private void assertRefused(String body, String... fields) {
        ApiClient.Reply reply = api.post("/api/webhooks", body);
        assertThat(reply.status()).as(body + ": " + reply.body()).isEqualTo(400);
        assertThat(fields(reply)).as(body + ": " + reply.body()).contains(fields);
        assertThat(reply.body().toString()).doesNotContain("java.", "tools.jackson", "Exception", "dev.crawlyard");
    }

    @Test
    void unknownFieldsWrongTypesAndValuesOutOfBoundsAreRefusedByFieldAndMakeNothing() {
        long before = subscriptions();
        String hook = "\"url\": \"http://127.0.0.1:9/hook\", ";

        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"event\": \"task.error\", \"secret\": \"mine\"}",
                "event", "secret");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"id\": 7, \"enabled\": false}", "id", "enabled");
        assertRefused("{" + hook + "\"events\": \"task.finished\"}", "events");
        assertRefused("{\"url\": 80, \"events\": [\"task.finished\"]}", "url");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"scheduleId\": \"5\"}", "scheduleId");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"scheduleId\": 1.5}", "scheduleId");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"scheduleId\": 0}", "scheduleId");
        assertRefused("{" + hook + "\"events\": [true]}", "events[0]");
        assertRefused("{" + hook + "\"events\": [null]}", "events");
        assertRefused("{" + hook + "\"events\": []}", "events");
        assertRefused("{" + hook + "\"events\": [\"task.finished\", \"task.nope\"]}", "events");
        assertRefused("{" + hook + "\"events\": " + ApiClient.json(Collections.nCopies(21, "task.finished")) + "}", "events");
        assertRefused("{\"url\": \"http://127.0.0.1:9/a\\u0000b\", \"events\": [\"task.finished\"]}", "url");
        assertRefused(ApiClient.json(Map.of("url", "http://127.0.0.1:9/" + "a".repeat(2000),
                "events", List.of("task.finished"))), "url");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"spider\": \"" + "s".repeat(201) + "\"}", "spider");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"], \"spider\": \"a\\u0000\"}", "spider");
        assertRefused("{" + hook + "\"url\": \"http://127.0.0.1:9/twice\", \"events\": [\"task.finished\"]}");
        assertRefused("{" + hook + "\"events\": [\"task.finished\"]} {}");
        for (String url : List.of("", "file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://127.0.0.1/",
                "http://user:pass@127.0.0.1:9/", "http:///nohost", "not a url")) {
            assertRefused(ApiClient.json(Map.of("url", url, "events", List.of("task.finished"))), "url");
        }

        assertThat(subscriptions()).isEqualTo(before);
    }

    @Test
    void aSubscriptionWithinItsBoundsIsMadeAndRepeatedEventsCountOnce() {
        List<String> events = new ArrayList<>(Collections.nCopies(19, "task.finished"));
        events.add("task.error");

        ApiClient.Reply made = api.post("/api/webhooks", ApiClient.json(Map.of("url", "http://127.0.0.1:9/" + "a".repeat(1900),
                "events", events)));

        assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
        assertThat(made.body().get("events").valueStream().map(event -> event.asString()).toList())
                .containsExactly("task.finished", "task.error");
        assertThat(api.delete("/api/webhooks/" + made.body().get("id").asLong()).status()).isEqualTo(204);
    }
}
