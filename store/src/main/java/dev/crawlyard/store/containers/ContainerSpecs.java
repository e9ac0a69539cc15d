package dev.crawlyard.store.containers;

import dev.crawlyard.workflows.task.ContainerSpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code container} columns of spiders and tasks: what a spider asks to run in, and what a task
 * was made with (written by the INSERT that makes it). Read with the rest of their rows.
 */
public class ContainerSpecs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ContainerSpecs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A {@code container} column's value (read with the rest of its row), or null for a process. */
    public static ContainerSpec read(String json) {
        return json == null ? null : JSON.readValue(json, ContainerSpec.class);
    }

    /** A container as its column holds it, or null for none. */
    public static String write(ContainerSpec spec) {
        return spec == null ? null : JSON.writeValueAsString(spec);
    }

    /** Sets (or with null, clears) the spider's container. */
    public void setForSpider(long spiderId, ContainerSpec spec) {
        write("UPDATE spiders SET container = CAST(:spec AS JSONB) WHERE id = :id", spiderId, spec);
    }

    private void write(String sql, long id, ContainerSpec spec) {
        jdbc.sql(sql).param("id", id).param("spec", write(spec)).update();
    }
}
