package dev.crawlyard.api.spiders;

import dev.crawlyard.api.Paging;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.spiders.Spider;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/spiders}: register, list, look up, change and delete spiders. Running one is in the tasks controller. */
@RestController
@RequestMapping("/api/spiders")
class SpiderController {

    private final SpiderService spiders;

    private final SpiderRemoval removal;

    SpiderController(SpiderService spiders, SpiderRemoval removal) {
        this.spiders = spiders;
        this.removal = removal;
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

    @PatchMapping("/{ref}")
    SpiderView update(@PathVariable String ref, @RequestBody UpdateSpiderRequest request) {
        return spiders.view(spiders.update(ref, request));
    }

    /** {@code data} is required: whether the spider's tasks, items and logs go with it is never a default. */
    @DeleteMapping("/{ref}")
    ResponseEntity<Void> delete(@PathVariable String ref, @RequestParam(required = false) String data,
            @RequestParam(defaultValue = "false") boolean force) throws InterruptedException {
        removal.delete(ref, SpiderRemoval.DataChoice.parse(data), force);
        return ResponseEntity.noContent().build();
    }
}
