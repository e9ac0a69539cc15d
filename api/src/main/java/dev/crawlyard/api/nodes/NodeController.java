package dev.crawlyard.api.nodes;

import dev.crawlyard.api.Bounds;
import dev.crawlyard.planning.TaskSettings;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.store.nodes.NodeChange;
import dev.crawlyard.store.nodes.NodeStore;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/nodes}: the worker nodes, and their switches (applied by each node at its next report). */
@RestController
@RequestMapping("/api/nodes")
class NodeController {

    private final NodeStore nodes;
    private final TaskSettings properties;

    NodeController(NodeStore nodes, TaskSettings properties) {
        this.nodes = nodes;
        this.properties = properties;
    }

    @GetMapping
    List<NodeView> list() {
        Instant now = Instant.now();
        return nodes.list().stream().map(n -> NodeView.of(n, now, properties.nodeOfflineAfter())).toList();
    }

    @GetMapping("/{key}")
    NodeView get(@PathVariable String key) {
        return nodes.find(key).map(n -> NodeView.of(n, Instant.now(), properties.nodeOfflineAfter()))
                .orElseThrow(() -> ApiException.notFound("no node with key '" + key + "'"));
    }

    @PatchMapping("/{key}")
    NodeView change(@PathVariable String key, @RequestBody ChangeNodeRequest request) {
        FieldErrors errors = new FieldErrors()
                .range("maxRunners", request.maxRunners(), 0, 1000)
                .require(request.name() == null || !request.name().isBlank(), "name", "must not be blank")
                .text("name", request.name(), Bounds.MAX_NAME_LENGTH);
        errors.require(request.labels() == null || request.labels().size() <= Bounds.MAX_LABELS, "labels",
                "at most " + Bounds.MAX_LABELS + " labels");
        errors.textMap("labels", request.labels(), Bounds.MAX_KEY_LENGTH, Bounds.MAX_LABEL_LENGTH);
        errors.throwIfAny();
        return nodes.change(key, new NodeChange(request.name(), request.labels(), request.enabled(), request.maxRunners()))
                .map(n -> NodeView.of(n, Instant.now(), properties.nodeOfflineAfter()))
                .orElseThrow(() -> ApiException.notFound("no node with key '" + key + "'"));
    }
}
