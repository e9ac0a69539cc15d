package dev.crawlyard.worker;

import dev.crawlyard.activities.metrics.TaskMetrics;
import dev.crawlyard.activities.runs.RunActivitiesImpl;
import dev.crawlyard.activities.schedules.ScheduleActivitiesImpl;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.activities.tasks.TaskObserver;
import dev.crawlyard.activities.webhooks.WebhookActivitiesImpl;
import dev.crawlyard.planning.PlanningConfiguration;
import dev.crawlyard.planning.TaskPlanner;
import dev.crawlyard.planning.TaskSettings;
import dev.crawlyard.planning.metrics.SpiderTags;
import dev.crawlyard.planning.schedules.ScheduleBackends;
import dev.crawlyard.planning.webhooks.WebhookConfiguration;
import dev.crawlyard.planning.webhooks.WebhookEvents;
import dev.crawlyard.planning.webhooks.WebhookProperties;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskEndings;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.store.webhooks.WebhookStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The one wiring of the workflow host, on unless {@code crawlyard.workflow-host.enabled} is false.
 * Run requests and schedule firings make their tasks with the same {@link TaskPlanner} bean, built
 * from the same {@link TaskSettings}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "crawlyard.workflow-host.enabled", matchIfMissing = true)
@Import({PlanningConfiguration.class, WebhookConfiguration.class})
@EnableConfigurationProperties(WorkflowHostProperties.class)
public class WorkflowHostConfiguration {

    @Bean
    WorkflowHost workflowHost(WorkflowClient client, TaskStore tasks, TaskEndings endings, ScheduleStore schedules,
            SpiderStore spiders, NodeStore nodes, TaskPlanner planner, TaskSettings settings,
            ScheduleBackends backends, WorkflowHostProperties properties, MeterRegistry registry,
            SpiderTags spiderTags, WebhookEvents webhooks, WebhookStore webhookStore,
            WebhookProperties webhookProperties, SpiderStateStore states) {
        // Webhooks first: if publishing fails, finalize is retried before the metrics have counted the task.
        TaskObserver observer = TaskObserver.all(List.of(new TaskObserver() {
            @Override
            public void ended(Task task) {
                webhooks.taskEnded(task);
            }
        }, new TaskMetrics(registry, spiderTags)));
        return new WorkflowHost(client, properties.sticky(), new TaskActivitiesImpl(endings, tasks, states, observer),
                new ScheduleActivitiesImpl(schedules, spiders, tasks, nodes, planner, settings.nodeOfflineAfter(),
                        backends, webhooks::scheduleAutoPaused),
                new RunActivitiesImpl(spiders, planner, client),
                new WebhookActivitiesImpl(webhookStore, webhookProperties, registry));
    }

    @Bean
    OfflineNodes offlineNodes(NodeStore nodes, WebhookEvents webhooks, TaskSettings settings) {
        return new OfflineNodes(nodes, webhooks, settings.nodeOfflineAfter());
    }
}
