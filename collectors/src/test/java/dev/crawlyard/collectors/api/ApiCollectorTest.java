package dev.crawlyard.collectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.collectors.common.IpcOut;
import dev.crawlyard.collectors.common.StopSignal;
import dev.crawlyard.collectors.testing.JsonApi;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The API collector against a local JSON API: paging, auth, faults, state, and what it prints. */
class ApiCollectorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "s3cr3t-T0KEN-value";

    private JsonApi api;

    @BeforeEach
    void start() throws Exception {
        api = new JsonApi(25);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** What one run printed and returned. */
    record Run(int exit, List<JsonNode> lines) {
        List<Integer> ids() {
            List<Integer> ids = new ArrayList<>();
            lines.stream().filter(l -> l.path("type").asString().equals("data"))
                    .forEach(l -> l.path("payload").forEach(item -> ids.add(item.path("id").asInt())));
            return ids;
        }

        List<JsonNode> items() {
            List<JsonNode> items = new ArrayList<>();
            lines.stream().filter(l -> l.path("type").asString().equals("data"))
                    .forEach(l -> l.path("payload").forEach(items::add));
            return items;
        }

        JsonNode state() {
            return lines.stream().filter(l -> l.path("type").asString().equals("state")).reduce((a, b) -> b)
                    .map(l -> l.get("payload")).orElse(null);
        }

        String errors() {
            return lines.stream().filter(l -> l.path("type").asString().equals("error"))
                    .map(l -> l.path("payload").toString()).reduce("", String::concat);
        }

        String text() {
            return lines.toString();
        }
    }

    private Run run(String config, Map<String, String> env, JsonNode state) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IpcOut out = new IpcOut(bytes);
        ApiConfig parsed = ApiConfig.parse(config);
        assertThat(ApiConfigProblems.of(parsed)).isEmpty();
        int exit = ApiCollectorMain.run(parsed, env, Map.of(), state, out, new StopSignal(), Pace.NONE);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Run(exit, lines);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"url\": \"%s/page\", \"records\": \"/data\", \"pagination\": {\"type\": \"page\", \"limitParam\": \"per_page\", \"limit\": 10}}",
        "{\"url\": \"%s/page\", \"records\": \"/data\", \"pagination\": {\"type\": \"page\"}}",
        "{\"url\": \"%s/offset\", \"records\": \"/items\", \"pagination\": {\"type\": \"offset\", \"limit\": 10}}",
        "{\"url\": \"%s/cursor\", \"records\": \"/results\", \"pagination\": {\"type\": \"cursor\", \"cursorPointer\": \"/meta/next\", \"param\": \"cursor\"}}",
        "{\"url\": \"%s/link\", \"pagination\": {\"type\": \"linkHeader\"}}",
        "{\"url\": \"%s/next\", \"records\": \"/data\", \"pagination\": {\"type\": \"nextUrl\", \"nextUrlPointer\": \"/links/next\"}}"})
    void eachPaginationStyleCollectsEveryRecordOnceInOrder(String config) throws Exception {
        Run run = run(config.formatted(api.url()), Map.of(), null);

        assertThat(run.exit()).as(run.text()).isZero();
        assertThat(run.ids()).isEqualTo(range(1, 25));
        // Three full pages; a page style without a limit needs the empty fourth to know it has ended.
        assertThat(api.dataRequests()).hasSizeBetween(3, 4);
        assertThat(run.state()).isNull();
    }

    @Test
    void maxPagesAndHasMoreStopThePaging() throws Exception {
        Run limited = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"pagination\": {\"type\": \"page\","
                + " \"maxPages\": 2}}").formatted(api.url()), Map.of(), null);
        assertThat(limited.ids()).isEqualTo(range(1, 20));
        assertThat(limited.text()).contains("maxPages");
    }

    @Test
    void recordsAreMappedByPointers() throws Exception {
        Run run = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"fields\": {\"key\": \"/id\", \"label\": \"/name\","
                + " \"missing\": \"/nope\"}, \"pagination\": {\"type\": \"page\", \"limit\": 10, \"limitParam\": \"per_page\"}}")
                .formatted(api.url()), Map.of(), null);
        assertThat(run.items()).hasSize(25);
        assertThat(run.items().get(2).toString()).isEqualTo("{\"key\":3,\"label\":\"record 3\",\"missing\":null}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "basic", "apiKeyHeader", "apiKeyQuery", "oauth2"})
    void eachAuthKindIsSentAndNoSecretIsPrinted(String kind) throws Exception {
        String auth;
        Map<String, String> env;
        switch (kind) {
            case "bearer" -> {
                api.requireAuth(r -> ("Bearer " + SECRET).equals(r.headers().get("authorization")));
                auth = "{\"type\": \"bearer\", \"tokenEnv\": \"API_TOKEN\"}";
                env = Map.of("API_TOKEN", SECRET);
            }
            case "basic" -> {
                String expected = "Basic " + Base64.getEncoder().encodeToString(("reader:" + SECRET)
                        .getBytes(StandardCharsets.UTF_8));
                api.requireAuth(r -> expected.equals(r.headers().get("authorization")));
                auth = "{\"type\": \"basic\", \"usernameEnv\": \"API_USER\", \"passwordEnv\": \"API_PASSWORD\"}";
                env = Map.of("API_USER", "reader", "API_PASSWORD", SECRET);
            }
            case "apiKeyHeader" -> {
                api.requireAuth(r -> SECRET.equals(r.headers().get("x-api-key")));
                auth = "{\"type\": \"apiKey\", \"keyEnv\": \"API_KEY\", \"name\": \"X-Api-Key\"}";
                env = Map.of("API_KEY", SECRET);
            }
            case "apiKeyQuery" -> {
                api.requireAuth(r -> SECRET.equals(r.query().get("api_key")));
                auth = "{\"type\": \"apiKey\", \"keyEnv\": \"API_KEY\", \"name\": \"api_key\", \"in\": \"query\"}";
                env = Map.of("API_KEY", SECRET);
            }
            default -> {
                api.requireOAuth("client-1", SECRET, Integer.MAX_VALUE);
                auth = "{\"type\": \"oauth2\", \"tokenUrl\": \"" + api.url() + "/oauth/token\", \"clientIdEnv\": \"CID\","
                        + " \"clientSecretEnv\": \"CSECRET\", \"scope\": \"read\"}";
                env = Map.of("CID", "client-1", "CSECRET", SECRET);
            }
        }
        Run run = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"auth\": " + auth
                + ", \"pagination\": {\"type\": \"page\", \"limit\": 10, \"limitParam\": \"per_page\"}}").formatted(api.url()),
                env, null);

        assertThat(run.exit()).as(run.text()).isZero();
        assertThat(run.ids()).isEqualTo(range(1, 25));
        assertThat(run.text()).doesNotContain(SECRET);
        if (kind.equals("oauth2")) {
            assertThat(api.tokensIssued()).isEqualTo(1);
        }
    }

    @Test
    void anOAuthTokenTheApiNoLongerTakesIsFetchedAgain() throws Exception {
        api.requireOAuth("client-1", SECRET, 2);
        Run run = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"auth\": {\"type\": \"oauth2\", \"tokenUrl\": \""
                + api.url() + "/oauth/token\", \"clientIdEnv\": \"CID\", \"clientSecretEnv\": \"CSECRET\"},"
                + " \"pagination\": {\"type\": \"page\", \"limit\": 10, \"limitParam\": \"per_page\"}}").formatted(api.url()),
                Map.of("CID", "client-1", "CSECRET", SECRET), null);

        assertThat(run.exit()).as(run.text()).isZero();
        assertThat(run.ids()).isEqualTo(range(1, 25));
        assertThat(api.tokensIssued()).isEqualTo(2);
    }

    @Test
    void anAuthFailureEndsTheRunWithTheStatusAndTheApisMessageAndNoCredential() throws Exception {
        api.requireAuth(r -> false);
        Run run = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"auth\": {\"type\": \"apiKey\", \"keyEnv\": \"K\","
                + " \"name\": \"key\", \"in\": \"query\"}, \"pagination\": {\"type\": \"page\"}}").formatted(api.url()),
                Map.of("K", SECRET), null);

        assertThat(run.exit()).isEqualTo(ApiCollector.EXIT_FAILED);
        assertThat(run.errors()).contains("GET " + api.url() + "/page?page=1 answered 401: invalid credentials",
                "\"kind\":\"auth\"");
        assertThat(run.text()).doesNotContain(SECRET);
        assertThat(api.dataRequests()).hasSize(1);
    }

    @Test
    void aMissingCredentialIsAConfigErrorBeforeAnyRequest() throws Exception {
        Run run = run(("{\"url\": \"%s/page\", \"auth\": {\"type\": \"bearer\", \"tokenEnv\": \"NOT_SET\"}}")
                .formatted(api.url()), Map.of(), null);
        assertThat(run.exit()).isEqualTo(ApiCollector.EXIT_CONFIG);
        assertThat(run.errors()).contains("NOT_SET", "auth.tokenEnv");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndA503ThenOkIsRetried() throws Exception {
        api.fail(new JsonApi.Fault(429, "1", null), new JsonApi.Fault(503, null, null));
        Run run = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"retryBackoffMillis\": 10,"
                + " \"pagination\": {\"type\": \"page\", \"limit\": 10, \"limitParam\": \"per_page\"}}").formatted(api.url()),
                Map.of(), null);

        assertThat(run.exit()).as(run.text()).isZero();
        assertThat(run.ids()).isEqualTo(range(1, 25));
        List<JsonApi.Request> requests = api.dataRequests();
        assertThat(requests).hasSize(5);
        assertThat(requests.subList(0, 3)).allMatch(r -> r.query().get("page").equals("1"));
        assertThat(Duration.ofNanos(requests.get(1).nanos() - requests.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(run.text()).contains("2 retries");
    }

    @Test
    void retriesAreBoundedAndEndTheRunWithTheLastStatus() throws Exception {
        for (int i = 0; i < 10; i++) {
            api.fail(new JsonApi.Fault(503, null, "{\"message\": \"down for maintenance\"}"));
        }
        Run run = run(("{\"url\": \"%s/page\", \"retries\": 2, \"retryBackoffMillis\": 1}").formatted(api.url()),
                Map.of(), null);

        assertThat(run.exit()).isEqualTo(ApiCollector.EXIT_FAILED);
        assertThat(run.errors()).contains("503", "down for maintenance", "after 2 retries");
        assertThat(api.dataRequests()).hasSize(3);
    }

    @Test
    void aRetryAfterLongerThanAllowedEndsTheRunRatherThanWaiting() throws Exception {
        api.fail(new JsonApi.Fault(429, "3600", null));
        Run run = run(("{\"url\": \"%s/page\", \"maxRetryAfterSeconds\": 5}").formatted(api.url()), Map.of(), null);
        assertThat(run.exit()).isEqualTo(ApiCollector.EXIT_FAILED);
        assertThat(run.errors()).contains("3600 s", "maxRetryAfterSeconds");
    }

    @Test
    void theStateMakesTheNextRunFetchOnlyNewRecords() throws Exception {
        String config = ("{\"url\": \"%s/cursor\", \"records\": \"/results\", \"incremental\": {\"field\": \"/id\","
                + " \"param\": \"since_id\"}, \"pagination\": {\"type\": \"cursor\", \"cursorPointer\": \"/meta/next\","
                + " \"param\": \"cursor\"}}").formatted(api.url());
        Run first = run(config, Map.of(), null);
        assertThat(first.ids()).isEqualTo(range(1, 25));
        assertThat(first.state().toString()).isEqualTo("{\"highWater\":25}");

        api.add(7);
        int before = api.dataRequests().size();
        Run second = run(config, Map.of(), first.state());

        assertThat(second.ids()).isEqualTo(range(26, 32));
        assertThat(second.state().toString()).isEqualTo("{\"highWater\":32}");
        assertThat(api.dataRequests().subList(before, api.dataRequests().size()))
                .allMatch(r -> "25".equals(r.query().get("since_id")));
    }

    @Test
    void recordsAtOrBelowTheMarkAreDroppedEvenWhenTheApiIgnoresTheParameter() throws Exception {
        Run run = run(("{\"url\": \"%s/page\", \"records\": \"/data\", \"incremental\": {\"field\": \"/updated\"},"
                + " \"pagination\": {\"type\": \"page\"}}").formatted(api.url()), Map.of(),
                JSON.readTree("{\"highWater\": \"2026-01-01T00:00:20\"}"));
        assertThat(run.ids()).isEqualTo(range(21, 25));
        assertThat(run.state().get("highWater").asString()).isEqualTo("2026-01-01T00:00:25");
    }

    @Test
    void aNextPageOnAnotherOriginIsNotFollowed() throws Exception {
        Run run = run(("{\"url\": \"%s/elsewhere\", \"records\": \"/data\", \"auth\": {\"type\": \"bearer\","
                + " \"tokenEnv\": \"T\"}, \"pagination\": {\"type\": \"nextUrl\", \"nextUrlPointer\": \"/links/next\"}}")
                .formatted(api.url()), Map.of("T", SECRET), null);
        assertThat(run.exit()).isEqualTo(ApiCollector.EXIT_FAILED);
        assertThat(run.errors()).contains("another origin");
        assertThat(api.dataRequests()).hasSize(1);
    }

    @Test
    void theLinkHeaderIsReadAsRfc8288SaysWhateverItsOrder() {
        assertThat(Pager.nextLink("<https://a/x?page=1>; rel=\"first\", <https://a/x?page=3>; rel=\"next last\""))
                .isEqualTo("https://a/x?page=3");
        assertThat(Pager.nextLink("<https://a/x?page=2>; rel=next")).isEqualTo("https://a/x?page=2");
        assertThat(Pager.nextLink("<https://a/x?page=1>; rel=\"prev\"")).isNull();
        assertThat(Pager.nextLink(null)).isNull();
    }

    @Test
    void aNetworkErrorIsRetriedABoundedNumberOfTimes() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run run = run("{\"url\": \"http://127.0.0.1:" + closed + "/page\", \"retries\": 2, \"retryBackoffMillis\": 1}",
                Map.of(), null);
        assertThat(run.exit()).isEqualTo(ApiCollector.EXIT_FAILED);
        assertThat(run.errors()).contains("failed after 2 retries", "ConnectException");
    }

    @Test
    void placeholdersTakeTheRunsParametersAndTheStateAndAMissingOneStopsBeforeAnyRequest() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ApiConfig config = ApiConfig.parse(("{\"url\": \"%s/{path}\", \"records\": \"/data\","
                + " \"query\": {\"since_id\": \"{state.last}\"}}").formatted(api.url()));
        int exit = ApiCollectorMain.run(config, Map.of(), Map.of("path", "page"), JSON.readTree("{\"last\": 22}"),
                new IpcOut(bytes), new StopSignal(), Pace.NONE);
        assertThat(exit).isZero();
        assertThat(api.dataRequests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/page");
            assertThat(r.query()).containsEntry("since_id", "22");
        });
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"id\":23", "\"id\":25");

        ByteArrayOutputStream missing = new ByteArrayOutputStream();
        assertThat(ApiCollectorMain.run(config, Map.of(), Map.of(), null, new IpcOut(missing), new StopSignal(),
                Pace.NONE)).isEqualTo(ApiCollector.EXIT_CONFIG);
        assertThat(missing.toString(StandardCharsets.UTF_8)).contains("{path}");
        assertThat(api.dataRequests()).hasSize(1);
    }
}
