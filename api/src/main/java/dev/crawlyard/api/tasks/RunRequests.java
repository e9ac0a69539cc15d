package dev.crawlyard.api.tasks;

import dev.crawlyard.api.Bounds;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;

/**
 * The checks of a run request that need nothing but the request: every text without NUL and
 * within its length, every number within its range, and parameters and environment together
 * within {@link Bounds#MAX_RUN_INPUT_BYTES} (they travel in the workflow's input, which Temporal
 * caps at 2 MB): a request over them is refused before any task is made.
 */
final class RunRequests {

    private RunRequests() {
    }

    /** The errors found; the caller adds its own and throws. */
    static FieldErrors check(RunSpiderRequest request) {
        FieldErrors errors = new FieldErrors();
        SpiderService.checkEnv("env", request.env(), errors);
        long bytes = errors.textMap("params", request.params(), Bounds.MAX_KEY_LENGTH, Bounds.MAX_RUN_INPUT_BYTES);
        bytes += errors.textMap("env", request.env(), Bounds.MAX_KEY_LENGTH, Bounds.MAX_RUN_INPUT_BYTES);
        errors.require(bytes <= Bounds.MAX_RUN_INPUT_BYTES, "params",
                "params and env may hold at most " + Bounds.MAX_RUN_INPUT_BYTES + " bytes together, not " + bytes);
        errors.range("runtimeLimitSeconds", request.runtimeLimitSeconds(), 0, Bounds.MAX_RUNTIME_LIMIT_SECONDS);
        errors.range("maxAttempts", request.maxAttempts(), 1, Bounds.MAX_ATTEMPTS);
        errors.range("version", request.version(), 1, Integer.MAX_VALUE);
        errors.require(request.nodes().size() <= Bounds.MAX_NODES, "nodes", "at most " + Bounds.MAX_NODES + " node keys");
        errors.require(request.nodes().stream().allMatch(key -> key != null && !key.isEmpty()
                && key.length() <= Bounds.MAX_NODE_KEY_LENGTH && key.indexOf('\0') < 0), "nodes",
                "node keys must be 1 to " + Bounds.MAX_NODE_KEY_LENGTH + " characters without NUL");
        errors.text("mode", request.mode(), 20);
        return errors;
    }
}
