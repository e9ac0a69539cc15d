package dev.crawlyard.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.StandaloneTestPlatform;
import dev.crawlyard.standalone.StandaloneApplication;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the default setting (the shared test platform allows private targets for its receivers; this
 * one does not), a subscription to a loopback or private address is refused at creation.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PrivateTargetsRefusedTest {

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        StandaloneTestPlatform.register(registry);
        registry.add("crawlyard.webhooks.allow-private-targets", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenStore tokens;

    @Test
    void loopbackAndPrivateTargetsAreRefusedAndNothingIsMade() {
        ApiClient api = new ApiClient(port, tokens.create("private-targets", TokenRole.OPERATOR, null).secret());
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.7/hook",
                "http://192.168.1.20/hook", "http://172.16.5.4/hook", "http://169.254.169.254/latest/meta-data",
                "http://100.64.1.1/hook", "http://[::1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook")) {
            var reply = api.post("/api/webhooks", ApiClient.json(Map.of("url", url, "events", List.of("task.finished"))));

            assertThat(reply.status()).as(url).isEqualTo(400);
            assertThat(reply.body().get("message").asString()).as(url).contains("private");
        }
        assertThat(api.get("/api/webhooks").body().size()).isZero();
    }
}
