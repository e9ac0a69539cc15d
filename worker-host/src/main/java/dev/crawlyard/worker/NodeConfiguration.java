package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.TaskStore;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A worker node: its identity, its activities and its Temporal workers. Needs a
 * {@link WorkflowClient}, a {@link TaskStore} and a {@link TaskLogStore} from its host, which is
 * the worker-host application or, in standalone mode, the api.
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

    @Bean
    NodeWorkers nodeWorkers(WorkflowClient client, LocalNode node, NodeProperties properties, TaskStore tasks,
            AttemptStore attempts, TaskLogStore logs, ItemStore items, RunningProcesses running,
            SpiderVersionStore versions, BlobStore blobs) {
        RunnerSettings runner = RunnerSettings.defaults()
                .withHeartbeatInterval(properties.heartbeatInterval())
                .withSpoolCapacity(properties.outputSpool().toBytes());
        return new NodeWorkers(client, node,
                new FileActivitiesImpl(node, tasks, versions, blobs),
                new DependencyActivitiesImpl(node, logs, new InstallSettings(properties.installTimeout())),
                new ProcessActivitiesImpl(node, tasks, attempts, logs, items, running, runner),
                new TaskActivitiesImpl(tasks, attempts),
                properties.shutdownGracePeriod());
    }
}
