package dev.crawlyard.store.containers;

import dev.crawlyard.workflows.task.ContainerSpec;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The {@code container} columns of spiders and tasks: what a spider asks to run in, and what a task was made with. */
public class ContainerSpecs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ContainerSpecs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The spider's container, or empty for a spider that runs as a process. */
    public Optional<ContainerSpec> ofSpider(long spiderId) {
        return read("SELECT container FROM spiders WHERE id = :id", spiderId);
    }

    /** The task's container, or empty for a task that runs as a process. */
    public Optional<ContainerSpec> ofTask(long taskId) {
        return read("SELECT container FROM tasks WHERE id = :id", taskId);
    }

    /** Sets (or with null, clears) the spider's container. */
    public void setForSpider(long spiderId, ContainerSpec spec) {
        write("UPDATE spiders SET container = CAST(:spec AS JSONB) WHERE id = :id", spiderId, spec);
    }

    /** Sets the container a task runs in; written before the task's workflow starts. */
    public void setForTask(long taskId, ContainerSpec spec) {
        write("UPDATE tasks SET container = CAST(:spec AS JSONB) WHERE id = :id", taskId, spec);
    }

    private Optional<ContainerSpec> read(String sql, long id) {
        return jdbc.sql(sql).param("id", id)
                .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(json -> json)
                .map(json -> JSON.readValue(json, ContainerSpec.class));
    }

    private void write(String sql, long id, ContainerSpec spec) {
        jdbc.sql(sql).param("id", id).param("spec", spec == null ? null : JSON.writeValueAsString(spec)).update();
    }
}
