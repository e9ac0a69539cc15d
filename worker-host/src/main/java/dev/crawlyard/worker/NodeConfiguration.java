package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.schedules.ScheduleActivitiesImpl;
import dev.crawlyard.activities.schedules.ScheduleBackends;
import dev.crawlyard.activities.tasks.TaskActivitiesImpl;
import dev.crawlyard.activities.tasks.TaskPlanner;
import dev.crawlyard.store.schedules.ScheduleStore;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.workflows.task.TaskPolicy;
import java.time.Duration;
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

    /** Starts with no runner; the node's registration sets the real limit before any task comes. */
    @Bean
    RunnerSlots runnerSlots() {
        return new RunnerSlots(0);
    }

    @Bean
    PastLife pastLife(LocalNode node) {
        return new PastLife(node);
    }

    @Bean
    NodeReporter nodeReporter(NodeStore nodes, LocalNode node, RunnerSlots slots, NodeProperties properties) {
        return new NodeReporter(nodes, node, slots, properties);
    }

    @Bean
    NodeWorkers nodeWorkers(WorkflowClient client, LocalNode node, NodeProperties properties, TaskStore tasks,
            AttemptStore attempts, TaskLogStore logs, ItemStore items, RunningProcesses running, RunnerSlots slots,
            SpiderVersionStore versions, BlobStore blobs, ScheduleStore schedules, SpiderStore spiders,
            NodeStore nodes, ScheduleBackends backends) {
        RunnerSettings runner = RunnerSettings.defaults()
                .withHeartbeatInterval(properties.heartbeatInterval())
                .withSpoolCapacity(properties.outputSpool().toBytes())
                .withStopNoticePeriod(properties.stopNoticePeriod());
        return new NodeWorkers(client, node,
                new FileActivitiesImpl(node, tasks, slots, versions, blobs, properties.diskLimits()),
                new DependencyActivitiesImpl(node, logs, slots, new InstallSettings(properties.installTimeout()),
                        properties.diskLimits()),
                new ProcessActivitiesImpl(node, tasks, attempts, logs, items, running, slots, runner),
                new TaskActivitiesImpl(tasks, attempts),
                // A node hosting workflows does not know the api's waits, so scheduled tasks it
                // makes get the defaults; with workflows in the api they get the api's settings.
                new ScheduleActivitiesImpl(schedules, spiders, tasks, nodes, new TaskPlanner(tasks,
                        new TaskPlanner.Waits(TaskPolicy.DEFAULT_NODE_WAIT, TaskPolicy.DEFAULT_STOP_GRACE_PERIOD,
                                TaskPolicy.DEFAULT_HEARTBEAT_TIMEOUT)), Duration.ofSeconds(15), backends),
                properties.shutdownGracePeriod(), properties.hostWorkflows());
    }
}
