package dev.crawlyard.api.spidertypes;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.workflows.task.SpiderType;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/spider-types}: the kinds of spider there are, and the JSON Schema of each built-in type's config. */
@RestController
@RequestMapping("/api/spider-types")
class SpiderTypeController {

    private static final MediaType SCHEMA = MediaType.parseMediaType("application/schema+json");

    private final SpiderConfigs configs;

    SpiderTypeController(SpiderConfigs configs) {
        this.configs = configs;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return List.of(
                Map.of("type", SpiderType.COMMAND.wireName(), "description",
                        "your own program, started by its shell command in the task's workspace"),
                Map.of("type", SpiderType.CRAWLER.wireName(), "description",
                        "the built-in crawler, run from a JSON config", "schema", "/api/spider-types/crawler/schema"));
    }

    @GetMapping("/{type}/schema")
    ResponseEntity<JsonNode> schema(@PathVariable String type) {
        SpiderType known;
        try {
            known = SpiderType.fromWireName(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no spider type '" + type + "'; the types are command and crawler");
        }
        if (known == SpiderType.COMMAND) {
            throw ApiException.notFound("a command spider has no config, so no schema");
        }
        return ResponseEntity.ok().contentType(SCHEMA).body(configs.schema(known));
    }
}
