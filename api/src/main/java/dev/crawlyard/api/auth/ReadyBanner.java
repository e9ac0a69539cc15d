package dev.crawlyard.api.auth;

import dev.crawlyard.api.ApiProperties;
import dev.crawlyard.store.tokens.TokenStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On start: makes the admin token if no token exists yet (there are no default credentials) and
 * tells the user where the API is, the token (once, when it is made) and how to launch a spider.
 */
@Component
class ReadyBanner {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    private final TokenStore tokens;
    private final ApiProperties properties;

    ReadyBanner(TokenStore tokens, ApiProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        String url = properties.publicUrl().isEmpty()
                ? "http://127.0.0.1:" + port(event)
                : properties.publicUrl();
        Optional<String> token = tokens.createFirst("admin");
        String tokenLine = token
                .map(t -> "Admin token (shown this once; only its hash is stored):\n\n    " + t + "\n")
                .orElse("Use the admin token printed on the first start (or any token you made).\n");
        String exported = token.orElse("<your token>");
        log.info("""

                ================================================================================
                Crawlyard is ready at {}
                {}
                Launch the example spider (needs python3), then see its task and its items:

                export CRAWLYARD_TOKEN={}
                curl -s -X POST {}/api/spiders -H "Authorization: Bearer $CRAWLYARD_TOKEN" -H 'Content-Type: application/json' \\
                  -d '{"name":"hello","command":"python3 hello.py","files":{"hello.py":"import time, crawlyard\\nfor i in range(1, 6):\\n    print(f\\"page {i} fetched\\")\\n    crawlyard.save_item({\\"page\\": i, \\"title\\": f\\"Page {i}\\"})\\n    time.sleep(0.5)\\n"}}'
                curl -s -X POST {}/api/spiders/hello/run -H "Authorization: Bearer $CRAWLYARD_TOKEN"
                curl -s "{}/api/tasks?spider=hello" -H "Authorization: Bearer $CRAWLYARD_TOKEN"
                curl -s "{}/api/spiders/hello/items?format=csv" -H "Authorization: Bearer $CRAWLYARD_TOKEN"
                ================================================================================
                """, url, tokenLine, exported, url, url, url, url);
    }

    private static int port(ApplicationReadyEvent event) {
        return event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : 8080;
    }
}
