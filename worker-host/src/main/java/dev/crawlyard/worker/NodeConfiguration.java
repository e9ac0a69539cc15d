package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.dispatch.DispatchActivitiesImpl;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.TaskStore;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A worker node: its identity, its activities and its Temporal workers on the dispatch queue and its
 * own queue. Needs a {@link WorkflowClient} and the stores from its host, which is the worker-host
 * application or the standalone platform. The workflows are hosted apart ({@link WorkflowHostConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
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
    NodeReporter nodeReporter(NodeStore nodes, LocalNode node, RunnerSlots slots, NodeProperties properties) {
        return new NodeReporter(nodes, node, slots, properties);
    }

    @Bean
    NodeWorkers nodeWorkers(WorkflowClient client, LocalNode node, NodeProperties properties, TaskStore tasks,
            AttemptStore attempts, TaskLogStore logs, ItemStore items, RunningProcesses running, RunnerSlots slots,
            SpiderVersionStore versions, BlobStore blobs) {
        RunnerSettings runner = RunnerSettings.defaults()
                .withHeartbeatInterval(properties.heartbeatInterval())
                .withSpoolCapacity(properties.outputSpool().toBytes());
        return new NodeWorkers(client, node,
                new DispatchActivitiesImpl(node, tasks, slots),
                new FileActivitiesImpl(node, tasks, slots, versions, blobs),
                new DependencyActivitiesImpl(node, logs, slots, new InstallSettings(properties.installTimeout())),
                new ProcessActivitiesImpl(node, tasks, attempts, logs, items, running, slots, runner),
                properties.shutdownGracePeriod());
    }
}
