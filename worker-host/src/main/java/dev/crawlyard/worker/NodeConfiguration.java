package dev.crawlyard.worker;

import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.NodeDirectories;
import dev.crawlyard.activities.RunnerUsers;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskLogContext;
import dev.crawlyard.activities.artifacts.OutputArtifacts;
import dev.crawlyard.activities.containers.DockerEngine;
import dev.crawlyard.activities.dependencies.DependencyActivitiesImpl;
import dev.crawlyard.activities.dispatch.DispatchActivitiesImpl;
import dev.crawlyard.activities.metrics.NodeMetrics;
import dev.crawlyard.activities.metrics.StepMetrics;
import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.files.FileActivitiesImpl;
import dev.crawlyard.activities.processes.ProcessActivitiesImpl;
import dev.crawlyard.activities.steps.StepsAtWork;
import dev.crawlyard.activities.processes.RunnerSettings;
import dev.crawlyard.activities.processes.RunningProcesses;
import dev.crawlyard.activities.tasks.TaskObserver;
import dev.crawlyard.planning.metrics.SpiderTags;
import dev.crawlyard.planning.webhooks.WebhookConfiguration;
import dev.crawlyard.planning.webhooks.WebhookEvents;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.store.artifacts.ArtifactStore;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.items.ItemStore;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.nodes.NodeStore;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.store.state.SpiderStateStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
@EnableConfigurationProperties({NodeProperties.class, ArtifactProperties.class, ContainerProperties.class})
@Import(WebhookConfiguration.class)
public class NodeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NodeConfiguration.class);

    /** The users spiders run as: one per runner slot when the node runs as root, else none. */
    @Bean(destroyMethod = "close")
    RunnerUsers runnerUsers(NodeProperties properties) {
        RunnerUsers users = RunnerUsers.detect(properties.isolateSpiders(), properties.runnerUidBase());
        if (users.active()) {
            log.info("{}", users.describe());
        } else if (RunnerUsers.currentUid() == 0) {
            log.warn("{}: every spider can read what root can (the platform's files, the node's memory and"
                    + " environment, other tasks' workspaces)", users.describe());
        } else {
            log.warn("{}: spiders can read whatever the node's user can (see README, \"What listens, and what"
                    + " spiders can reach\")", users.describe());
        }
        return users;
    }

    @Bean
    LocalNode localNode(NodeProperties properties, RunnerUsers users) {
        Path work = properties.workDir().toAbsolutePath().normalize();
        Path spiders = properties.spiderDir() == null ? NodeDirectories.defaultSpiderRoot(work, users)
                : properties.spiderDir().toAbsolutePath().normalize();
        NodeDirectories.prepare(new LocalNode("", work, spiders, properties.apiUrl(), users));
        if (!spiders.equals(work)) {
            log.info("spiders' workspaces, run files and dependency environments are under {}", spiders);
        }
        return new LocalNode(NodeKeys.resolve(properties), work, spiders, properties.apiUrl(), users);
    }

    @Bean
    RunningProcesses runningProcesses() {
        return new RunningProcesses();
    }

    /** Starts with no runner; the node's registration sets the real limit before any task comes. */
    @Bean
    RunnerSlots runnerSlots(RunnerUsers users) {
        return new RunnerSlots(0, users.active() ? RunnerUsers.BLOCK_SIZE : Integer.MAX_VALUE);
    }

    /** The node's Docker engine, asked once whether it answers. */
    @Bean
    DockerEngine dockerEngine(ContainerProperties properties) {
        return new DockerEngine(properties.settings());
    }

    @Bean
    PastLife pastLife(LocalNode node, DockerEngine engine) {
        return new PastLife(node, engine);
    }

    @Bean
    NodeMetrics nodeMetrics(LocalNode node, RunnerSlots slots, RunningProcesses running) {
        return new NodeMetrics(node, slots, running);
    }

    @Bean
    NodeReporter nodeReporter(NodeStore nodes, LocalNode node, RunnerSlots slots, NodeProperties properties,
            DockerEngine engine) {
        return new NodeReporter(nodes, node, slots, properties, engine);
    }

    /** A peer is online while its reports are fresher than three report intervals (15 s by default). */
    @Bean
    LeastLoadedFirst leastLoadedFirst(NodeStore nodes, LocalNode node, RunnerSlots slots, NodeProperties properties) {
        Duration online = properties.reportInterval().multipliedBy(3);
        return new LeastLoadedFirst(slots::underWay, own -> nodes.peersAhead(node.key(), own, online));
    }

    @Bean
    NodeWorkers nodeWorkers(WorkflowClient client, LocalNode node, NodeProperties properties, TaskStore tasks,
            AttemptStore attempts, TaskLogStore logs, ItemStore items, RunningProcesses running, RunnerSlots slots,
            SpiderVersionStore versions, BlobStore blobs, SpiderStore spiders, MeterRegistry registry,
            SpiderTags spiderTags, WebhookEvents webhooks, ArtifactStore artifactStore,
            ArtifactProperties artifactProperties, DockerEngine engine,
            SpiderStateStore states, LeastLoadedFirst leastLoadedFirst) {
        RunnerSettings runner = RunnerSettings.defaults()
                .withHeartbeatInterval(properties.heartbeatInterval())
                .withSpoolCapacity(properties.outputSpool().toBytes())
                .withStopNoticePeriod(properties.stopNoticePeriod());
        // The nodes hold every step's input against the rows the API wrote (see TaskInputs).
        TaskInputs inputs = new TaskInputs(tasks, spiders);
        // Every step passes through it while it runs, and it answers the workflow's question about a step.
        StepsAtWork steps = new StepsAtWork();
        return new NodeWorkers(client, node,
                new DispatchActivitiesImpl(node, tasks, inputs, slots),
                new FileActivitiesImpl(node, tasks, attempts, inputs, slots, versions, blobs, properties.diskLimits()),
                new DependencyActivitiesImpl(node, inputs, logs, attempts, slots,
                        new InstallSettings(properties.installTimeout()), properties.diskLimits()),
                new ProcessActivitiesImpl(node, tasks, inputs, attempts, logs, items, running, slots, runner,
                        new OutputArtifacts(artifactStore, blobs, logs, artifactProperties.limits()), engine, states,
                        new TaskObserver() {
                            @Override
                            public void started(Task task) {
                                webhooks.taskStarted(task);
                            }
                        }),
                steps, slots, leastLoadedFirst, properties.shutdownGracePeriod(), engine.version().isPresent(),
                steps, new TaskLogContext(node.key()), new StepMetrics(registry, spiderTags));
    }
}
