package dev.crawlyard.api.spiders;

import dev.crawlyard.api.Paging;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.spiders.Spider;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/spiders}: register, list and look up spiders. Running one is in the tasks controller. */
@RestController
@RequestMapping("/api/spiders")
class SpiderController {

    private final SpiderService spiders;

    SpiderController(SpiderService spiders) {
        this.spiders = spiders;
    }

    @PostMapping
    ResponseEntity<SpiderView> create(@RequestBody CreateSpiderRequest request) {
        Spider spider = spiders.create(request);
        return ResponseEntity.created(URI.create("/api/spiders/" + spider.id())).body(spiders.view(spider));
    }

    @GetMapping
    Page<SpiderView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        Page<Spider> found = spiders.list(page, size);
        return new Page<>(found.items().stream().map(spiders::view).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/{ref}")
    SpiderView get(@PathVariable String ref) {
        return spiders.view(spiders.find(ref));
    }
}
