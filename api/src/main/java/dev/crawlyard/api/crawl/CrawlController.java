package dev.crawlyard.api.crawl;

import dev.crawlyard.api.auth.Caller;
import dev.crawlyard.api.errors.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/crawl}: the shared frontier and politeness of a crawl, for the crawler program of a
 * {@code crawler} task. Only a task's own token ({@code CRAWLYARD_TASK_TOKEN}) opens these calls, and
 * only for its own crawl, so the crawler never needs the platform's database credentials.
 */
@RestController
@RequestMapping("/api/v1/crawl")
class CrawlController {

    private final CrawlService crawls;

    CrawlController(CrawlService crawls) {
        this.crawls = crawls;
    }

    @PostMapping("/open")
    Map<String, Object> open(@RequestBody CrawlRequests.Open body, @AuthenticationPrincipal Caller caller) {
        return crawls.open(taskOf(caller), body);
    }

    @PostMapping("/exchange")
    CrawlRequests.Grant exchange(@RequestBody CrawlRequests.Exchange body, @AuthenticationPrincipal Caller caller) {
        return crawls.exchange(taskOf(caller), body);
    }

    @PostMapping("/slot")
    Map<String, Object> slot(@RequestBody CrawlRequests.Slot body, @AuthenticationPrincipal Caller caller) {
        return Map.of("delayMillis", crawls.slot(taskOf(caller), body));
    }

    @PostMapping("/finish")
    Map<String, Object> finish(@RequestBody CrawlRequests.Finish body, @AuthenticationPrincipal Caller caller) {
        return Map.of("stats", crawls.finish(taskOf(caller), body));
    }

    private static long taskOf(Caller caller) {
        if (caller instanceof Caller.TaskSpider spider) {
            return spider.taskId();
        }
        // The security configuration lets only task tokens through; this is the second lock.
        throw new ApiException(HttpStatus.FORBIDDEN, "the crawl calls take a task's own token "
                + "(CRAWLYARD_TASK_TOKEN), not an API token", List.of());
    }
}
