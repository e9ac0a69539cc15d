package dev.crawlyard.api.spiders;

import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.state.SpiderState;
import dev.crawlyard.store.state.SpiderStateStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/spiders/{ref}/state}: the state a spider's runs carry from one to the next (a
 * collector's cursor or high-water mark), read by viewers, set or reset by operators.
 */
@RestController
class SpiderStateController {

    /** The body of {@code PUT /api/spiders/{ref}/state}. */
    record PutState(JsonNode state) {
    }

    private final SpiderService spiders;
    private final SpiderStateStore states;
    private final JsonMapper json;

    SpiderStateController(SpiderService spiders, SpiderStateStore states, JsonMapper json) {
        this.spiders = spiders;
        this.states = states;
        this.json = json;
    }

    @GetMapping("/api/spiders/{ref}/state")
    Map<String, Object> get(@PathVariable String ref) {
        Spider spider = spiders.find(ref);
        return view(spider.id(), states.find(spider.id()).orElse(null));
    }

    @PutMapping("/api/spiders/{ref}/state")
    Map<String, Object> put(@PathVariable String ref, @RequestBody PutState body) {
        Spider spider = spiders.find(ref);
        JsonNode state = body == null ? null : body.state();
        if (state == null || !state.isObject()) {
            throw ApiException.invalid(List.of(new ApiError.FieldError("state",
                    "required: a JSON object (DELETE the state to reset it)")));
        }
        String text = json.writeValueAsString(state);
        if (text.getBytes(StandardCharsets.UTF_8).length > SpiderStateStore.MAX_STATE_BYTES || text.contains("\\u0000")) {
            throw ApiException.invalid(List.of(new ApiError.FieldError("state", "may hold at most "
                    + SpiderStateStore.MAX_STATE_BYTES + " bytes of JSON, and no NUL characters")));
        }
        return view(spider.id(), states.put(spider.id(), text));
    }

    @DeleteMapping("/api/spiders/{ref}/state")
    ResponseEntity<Void> reset(@PathVariable String ref) {
        states.reset(spiders.find(ref).id());
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> view(long spiderId, SpiderState state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("spiderId", spiderId);
        view.put("state", state == null ? null : json.readTree(state.json()));
        view.put("taskId", state == null ? null : state.taskId());
        view.put("updatedAt", state == null ? null : state.updatedAt());
        return view;
    }
}
