package dev.crawlyard.planning;

import dev.crawlyard.planning.schedules.ScheduleBackends;
import dev.crawlyard.store.tasks.TaskStore;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one planner and the one schedule backend of a process, from the one set of task settings, for
 * the api and the workflow host alike, so that a task's waits never depend on who made it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TaskSettings.class)
public class PlanningConfiguration {

    @Bean
    TaskPlanner taskPlanner(TaskStore tasks, TaskSettings settings) {
        return new TaskPlanner(tasks, settings.waits());
    }

    /** Where schedules fire from, detected from the Temporal server on first use. */
    @Bean
    ScheduleBackends scheduleBackends(WorkflowClient client) {
        return new ScheduleBackends(client);
    }
}
