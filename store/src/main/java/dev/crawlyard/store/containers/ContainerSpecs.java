package dev.crawlyard.store.containers;

import dev.crawlyard.workflows.task.ContainerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code container} columns of spiders and tasks, as JSON: what a spider asks to run in, and
 * what a task was made with. Each is written by the INSERT that makes its row and read with the rest
 * of it; a PATCH of a spider leaves its container as it is.
 */
public final class ContainerSpecs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ContainerSpecs() {
    }

    /** A {@code container} column's value, or null for a process. */
    public static ContainerSpec read(String json) {
        return json == null ? null : JSON.readValue(json, ContainerSpec.class);
    }

    /** A container as its column holds it, or null for none. */
    public static String write(ContainerSpec spec) {
        return spec == null ? null : JSON.writeValueAsString(spec);
    }
}
