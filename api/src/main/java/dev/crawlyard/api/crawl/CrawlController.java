package dev.crawlyard.api.crawl;

import dev.crawlyard.api.auth.RequestAttributes;
import dev.crawlyard.api.errors.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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
    Map<String, Object> open(@RequestBody CrawlRequests.Open body, HttpServletRequest request) {
        return crawls.open(taskOf(request), body);
    }

    @PostMapping("/exchange")
    CrawlRequests.Grant exchange(@RequestBody CrawlRequests.Exchange body, HttpServletRequest request) {
        return crawls.exchange(taskOf(request), body);
    }

    @PostMapping("/slot")
    Map<String, Object> slot(@RequestBody CrawlRequests.Slot body, HttpServletRequest request) {
        return Map.of("delayMillis", crawls.slot(taskOf(request), body));
    }

    @PostMapping("/finish")
    Map<String, Object> finish(@RequestBody CrawlRequests.Finish body, HttpServletRequest request) {
        return Map.of("stats", crawls.finish(taskOf(request), body));
    }

    private static long taskOf(HttpServletRequest request) {
        Object task = request.getAttribute(RequestAttributes.TASK_ID);
        if (task == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "the crawl calls take a task's own token "
                    + "(CRAWLYARD_TASK_TOKEN), not an API token", List.of());
        }
        return (Long) task;
    }
}
