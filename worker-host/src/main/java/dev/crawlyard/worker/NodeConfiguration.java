package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskLogContext;
import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.metrics.NodeMetrics;
import dev.crawlyard.activities.metrics.StepMetrics;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.tasks.TaskObserver;
import dev.crawlyard.planning.metrics.SpiderTags;
import dev.crawlyard.planning.webhooks.WebhookConfiguration;
import dev.crawlyard.planning.webhooks.WebhookEvents;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A worker node: its identity, its activities and its Temporal workers on the dispatch queue and its
 * own queue. Needs a {@link WorkflowClient} and the stores from its host, which is the worker-host
 * application or the standalone platform. The workflows are hosted apart ({@link WorkflowHostConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
@Import(WebhookConfiguration.class)
public class NodeConfiguration {

    @Bean
    LocalNode localNode(NodeProperties properties) {
        return new LocalNode(NodeKeys.resolve(properties), properties.workDir().toAbsolutePath(), properties.apiUrl());
    }

    @Bean
    RunningProcesses runningProcesses() {
        return new RunningProcesses();
    }

    /** Starts with no runner; the node's registration sets the real limit before any task comes. */
    @Bean
    RunnerSlots runnerSlots() {
        return new RunnerSlots(0);
    }

    @Bean
    NodeMetrics nodeMetrics(LocalNode node, RunnerSlots slots, RunningProcesses running) {
        return new NodeMetrics(node, slots, running);
    }

    @Bean
    NodeReporter nodeReporter(NodeStore nodes, LocalNode node, RunnerSlots slots, NodeProperties properties) {
        return new NodeReporter(nodes, node, slots, properties);
    }

    @Bean
    NodeWorkers nodeWorkers(WorkflowClient client, LocalNode node, NodeProperties properties, TaskStore tasks,
            AttemptStore attempts, TaskLogStore logs, ItemStore items, RunningProcesses running, RunnerSlots slots,
            SpiderVersionStore versions, BlobStore blobs, MeterRegistry registry, SpiderTags spiderTags,
            WebhookEvents webhooks) {
        RunnerSettings runner = RunnerSettings.defaults()
                .withHeartbeatInterval(properties.heartbeatInterval())
                .withSpoolCapacity(properties.outputSpool().toBytes());
        return new NodeWorkers(client, node,
                new FileActivitiesImpl(node, tasks, slots, versions, blobs),
                new DependencyActivitiesImpl(node, logs, slots, new InstallSettings(properties.installTimeout())),
                new ProcessActivitiesImpl(node, tasks, attempts, logs, items, running, slots, runner, new TaskObserver() {
                    @Override
                    public void started(Task task) {
                        webhooks.taskStarted(task);
                    }
                }),
                slots, properties.shutdownGracePeriod(), new TaskLogContext(node.key()), new StepMetrics(registry, spiderTags));
    }
}
