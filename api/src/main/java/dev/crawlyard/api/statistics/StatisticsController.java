package dev.crawlyard.api.statistics;

import dev.crawlyard.api.Paging;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/statistics}: what the tasks did, per spider and overall, and what is queued and running now. */
@RestController
class StatisticsController {

    private final StatisticsService statistics;

    StatisticsController(StatisticsService statistics) {
        this.statistics = statistics;
    }

    @GetMapping("/api/statistics")
    StatisticsView get(@RequestParam(required = false) String spider, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        Paging.check(page, size);
        return statistics.compute(spider, page, size);
    }
}
