package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.activities.dependencies.InstallSettings;
import dev.crawlyard.activities.processes.ProcessTable;
import dev.crawlyard.activities.steps.StepsAtWork;
import dev.crawlyard.activities.steps.StepsDrain;
import dev.crawlyard.store.TestDatabase;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.tasks.Attempt;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.workflows.task.ItemPolicy;
import dev.crawlyard.workflows.task.TaskOutcome;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that begins to stop ({@link RunnerSlots#stopTaking}, as {@code NodeWorkers.stop} does)
 * while a task is at one of its steps before the spider runs: the step gives the task back at once
 * (the attempt recorded as lost with what the stop cut short, the runner free again), and another
 * node runs it, with no heartbeat timeout in between. Two nodes of real activities, each in a
 * worker factory of its own, over the real Temporal test server and real processes; the other node
 * starts once the first begins to stop.
 */
class StoppingNodeTest {

    @TempDir
    Path workRoot;

    @TempDir
    Path scratch;

    private final AttemptStore attempts = new AttemptStore(TestDatabase.shared().jdbcClient());
    private final TaskLogStore logs = new TaskLogStore(TestDatabase.shared().jdbcClient(),
            TestDatabase.shared().jdbcTemplate());
    private final RunnerSlots stoppingSlots = new RunnerSlots(4);
    private final AtomicBoolean stopBegun = new AtomicBoolean();
    private TestWorkflowEnvironment environment;
    /** The stopping node's dispatch-queue worker, and the worker of its own queue. */
    private WorkerFactory stoppingDispatch;
    private WorkerFactory stoppingNode;
    /** The other node, started once the stop begins. */
    private WorkerFactory otherNode;
    private TaskLauncher launcher;
    /** The stopping node's steps at work, as a real node counts them. */
    private final StepsAtWork stepsAtWork = new StepsAtWork();
    /** What the node's drain said, for a test that drains it as a real node's stop does. */
    private final java.util.concurrent.CompletableFuture<Boolean> drained = new java.util.concurrent.CompletableFuture<>();

    /**
     * Starts the stopping node; it begins to stop as a step of {@code stopAtStep} reaches it (null:
     * only when the test says).
     */
    private void start(String stopAtStep) throws IOException {
        start(stopAtStep, false);
    }

    /** The same; with {@code drainAfter}, the stop begins once a step of {@code stopAtStep} has ended, and drains. */
    private void start(String stopAtStep, boolean drainAfter) throws IOException {
        // The nodes' spiders run as runner users, who must pass through the root to the nodes' directories.
        Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwx--x--x"));
        TestNode.openToSpiders(scratch);
        environment = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        TestNode.register(environment, "workflows-only", workRoot, false);
        environment.start();
        stoppingDispatch = WorkerFactory.newInstance(environment.getWorkflowClient());
        stoppingNode = WorkerFactory.newInstance(environment.getWorkflowClient(), WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(stepsAtWork, new StopsAt(stopAtStep, drainAfter)).build());
        TestNode.registerNode(stoppingDispatch, stoppingNode, "node-s", workRoot.resolve("s"), stoppingSlots,
                InstallSettings.defaults());
        otherNode = WorkerFactory.newInstance(environment.getWorkflowClient());
        TestNode.registerNode(otherNode, otherNode, "node-o", workRoot.resolve("o"), new RunnerSlots(4),
                InstallSettings.defaults());
        stoppingDispatch.start();
        stoppingNode.start();
        launcher = new TaskLauncher(environment.getWorkflowClient());
    }

    /**
     * The stopping node begins to stop, as {@code NodeWorkers.stop} begins: it takes no task any more
     * (a real node's dispatch poll waits for a free runner, and so sends none now: this one stops
     * polling), but its own queue's worker still works; the other node starts. No claim is pending
     * on the dispatch queue at that moment: the task is at a step on the stopping node.
     */
    private void beginStop() {
        if (stopBegun.compareAndSet(false, true)) {
            stoppingSlots.stopTaking();
            stoppingDispatch.shutdown();
            otherNode.start();
        }
    }

    @AfterEach
    void stop() {
        Stream.of(stoppingDispatch, stoppingNode, otherNode).filter(java.util.Objects::nonNull)
                .forEach(WorkerFactory::shutdownNow);
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void aSyncThatTheStopReachesGivesItsTaskBackWithoutRunningItsSpider() throws Exception {
        start("SyncFiles");
        Spider spider = launcher.spider("sh spider.sh", Map.of("spider.sh", "echo on $CRAWLYARD_NODE"));

        ranElsewhereAfter(spider, "its spider was not started (it stopped during the file sync)");
    }

    @Test
    void aSyncUnderWayIsCutShortAtItsNextFetchedFileAndItsTaskGoesToAnotherNode() throws Exception {
        start(null);
        cutShortWhileSyncing(manyFiles());
    }

    @Test
    void aSyncUnderWayIsCutShortAtItsNextCachedFileAndItsTaskGoesToAnotherNode() throws Exception {
        start(null);
        Spider spider = manyFiles();
        // A first run on the node fills its cache: the next sync copies every file from there.
        TaskOutcome first = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE).workflow()
                .getResult(TaskOutcome.class);
        assertThat(first.status()).isEqualTo(TaskStatus.FINISHED);
        assertThat(first.nodeKey()).isEqualTo("node-s");
        cutShortWhileSyncing(spider);
    }

    /**
     * A spider of enough files (each body its own) that writing them takes far longer than the
     * test takes to see the first and begin the stop.
     */
    private Spider manyFiles() {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("spider.sh", "echo on $CRAWLYARD_NODE");
        for (int i = 0; i < SYNCED_FILES; i++) {
            files.put("data/part-" + i + ".txt", "part " + i);
        }
        return launcher.spider("sh spider.sh", files);
    }

    /** Runs the spider, begins the stop once its sync on the stopping node has written a first file, and checks the cut. */
    private void cutShortWhileSyncing(Spider spider) throws Exception {
        TaskLauncher.Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        Path data = TestNode.node("node-s", workRoot.resolve("s")).workspace(launched.task().id()).resolve("data");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (filesIn(data) == 0) {
            assertThat(System.nanoTime()).as("the sync on node-s writes its first files").isLessThan(deadline);
            Thread.sleep(2);
        }

        beginStop();

        List<Attempt> runs = ranOnTheOtherNode(launched);
        assertThat(runs.getFirst().error()).isEqualTo(
                "node node-s stopped during this attempt; its spider was not started (it stopped during the file sync)");
        // Cut short where it was, not at its end: the stopped node's workspace lacks most of the files.
        assertThat(filesIn(data)).isBetween(1L, SYNCED_FILES - 1L);
        assertThat(stoppingSlots.inUse()).isZero();
    }

    private static final int SYNCED_FILES = 5000;

    private static long filesIn(Path directory) {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anInstallThatTheStopReachesBeforeItBeginsGivesItsTaskBack() throws Exception {
        start("InstallDependencies");
        Spider spider = launcher.spiderInstalledBy("echo on $CRAWLYARD_NODE", "true", Map.of());

        ranElsewhereAfter(spider, "its spider was not started (it stopped before the dependency install)");
    }

    @Test
    void aRunThatTheStopReachesBeforeItsProcessStartsGivesItsTaskBack() throws Exception {
        start("RunProcess");
        Spider spider = launcher.spider("echo on $CRAWLYARD_NODE", Map.of());

        ranElsewhereAfter(spider, "its spider was not started");
    }

    @Test
    void anInstallUnderWayIsKilledAndItsTaskGoesToAnotherNode() throws Exception {
        start(null);
        Path pid = scratch.resolve("install.pid");
        Spider spider = firstInstallSleeps(pid);
        TaskLauncher.Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        long sleeper = awaitPid(pid);
        assertThat(ProcessTable.isRunning(sleeper)).isTrue();

        beginStop();

        List<Attempt> runs = ranOnTheOtherNode(launched);
        assertThat(ProcessTable.isRunning(sleeper)).as("the install's command was killed").isFalse();
        assertThat(runs.getFirst().error()).isEqualTo(
                "node node-s stopped during this attempt; its dependency install was stopped and its spider not started");
        assertThat(lines(launched, LogStream.SYSTEM)).anySatisfy(line -> assertThat(line)
                .contains("the install was given up").contains("was killed: the node is stopping"));
        // Nothing half-built is left to be taken for an environment, and the runner is free.
        try (Stream<Path> left = Files.list(TestNode.node("node-s", workRoot.resolve("s")).environments())) {
            assertThat(left.map(path -> path.getFileName().toString())).allSatisfy(name ->
                    assertThat(name).endsWith(".lock"));
        }
        assertThat(stoppingSlots.inUse()).isZero();
    }

    @Test
    void anInstallWaitingForAnotherTasksInstallOfTheSameEnvironmentGivesItsTaskBackToo() throws Exception {
        start(null);
        Path pid = scratch.resolve("install.pid");
        Spider spider = firstInstallSleeps(pid);
        TaskLauncher.Launched installing = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        long sleeper = awaitPid(pid);
        // The same spider again: the same environment, which the first task is building on this node.
        TaskLauncher.Launched waiting = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        await("the second install waits for the first", () -> lines(waiting, LogStream.SYSTEM).stream()
                .anyMatch(line -> line.contains("waiting for another task on this node that is installing")));

        beginStop();

        // The first install is killed, so the second is given back either as it waits or once it has
        // the lock, before it builds anything: the same outcome (the wait's own look at the stop is
        // the next test's).
        for (TaskLauncher.Launched launched : List.of(installing, waiting)) {
            List<Attempt> runs = ranOnTheOtherNode(launched);
            assertThat(runs.getFirst().error()).isEqualTo(
                    "node node-s stopped during this attempt; its dependency install was stopped and its spider not started");
        }
        assertThat(lines(waiting, LogStream.SYSTEM)).anySatisfy(line -> assertThat(line)
                .contains("was not started: the node is stopping"));
        assertThat(ProcessTable.isRunning(sleeper)).isFalse();
        assertThat(stoppingSlots.inUse()).isZero();
    }

    @Test
    void anInstallWaitingForAnotherProcesssLockOnItsEnvironmentGivesItsTaskBackWhileItWaits() throws Exception {
        start(null);
        Path named = scratch.resolve("env-dir");
        Path first = scratch.resolve("first-install");
        // The first run of the install only says where its environment goes, and fails.
        Spider spider = launcher.spiderInstalledBy("echo on $CRAWLYARD_NODE",
                "if mkdir '" + first + "' 2>/dev/null; then echo \"$CRAWLYARD_ENV_DIR\" > '" + named + "'; exit 3; fi",
                Map.of());
        TaskOutcome failed = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE).workflow()
                .getResult(TaskOutcome.class);
        assertThat(failed.status()).isEqualTo(TaskStatus.ERROR);
        // Another process on the machine (a second worker over the same work directory) holds the
        // environment's lock, and keeps it.
        Path lockFile = Path.of(Files.readString(named).trim() + ".lock");
        Process holder = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(120)",
                lockFile.toString()).redirectErrorStream(true).start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine())
                    .isEqualTo("locked");
            TaskLauncher.Launched waiting = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
            await("the install waits for the other process", () -> lines(waiting, LogStream.SYSTEM).stream()
                    .anyMatch(line -> line.contains("waiting for another process on this machine that is installing")));

            beginStop();

            List<Attempt> runs = ranOnTheOtherNode(waiting);
            assertThat(runs.getFirst().error()).isEqualTo(
                    "node node-s stopped during this attempt; its dependency install was stopped and its spider not started");
            // Given back while it waited: the other process still holds the lock.
            assertThat(holder.isAlive()).isTrue();
            assertThat(lines(waiting, LogStream.SYSTEM)).anySatisfy(line -> assertThat(line)
                    .contains("was not started: the node is stopping"));
            assertThat(stoppingSlots.inUse()).isZero();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aCancelledTasksAttemptKeepsItsEndWhenItsAbandonedInstallIsStoppedWithTheNode() throws Exception {
        start(null);
        Path pid = scratch.resolve("install.pid");
        Spider spider = launcher.spiderInstalledBy("echo on $CRAWLYARD_NODE",
                "sh -c 'echo $$ > " + pid + "; exec sleep 60'", Map.of());
        TaskLauncher.Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        long sleeper = awaitPid(pid);
        // A cancel abandons the install (it goes on) and records the attempt's end.
        launched.workflow().cancel();
        Attempt cancelled = awaitEnded(launched.task().id());

        beginStop();

        await("the abandoned install is killed", () -> !ProcessTable.isRunning(sleeper));
        await("the runner is free", () -> stoppingSlots.inUse() == 0);
        assertThat(launcher.awaitStatus(launched.task().id(), TaskStatus.CANCELLED, Duration.ofSeconds(30)).status())
                .isEqualTo(TaskStatus.CANCELLED);
        // The stop's hand-back does not write over the end the cancel recorded.
        assertThat(attempts.list(launched.task().id())).containsExactly(cancelled);
        assertThat(cancelled.outcome()).isNotEqualTo("lost");
    }

    @Test
    void aCancelUnderWayWhenTheNodeBeginsToStopEndsTheTaskCancelledNotSentElsewhere() throws Exception {
        start(null);
        // It reads past the cancel message, and on SIGTERM (after the notice period) takes three
        // seconds to leave: the node's stop begins in that time, while the cancel is under way.
        Spider spider = launcher.spider("trap 'echo got SIGTERM; sleep 3; exit 0' TERM; echo ready;"
                + " while true; do sleep 0.1; done", Map.of());
        TaskLauncher.Launched launched = launcher.launch(spider,
                new dev.crawlyard.workflows.task.TaskPolicy(null, 0, 1, null, null, Duration.ofSeconds(20), null),
                ItemPolicy.NONE);
        await("the spider runs", () -> lines(launched, LogStream.STDOUT).contains("ready"));
        launched.workflow().cancel();
        await("the cancel's SIGTERM reaches the spider", () -> lines(launched, LogStream.STDOUT).contains("got SIGTERM"));
        // The run step says when it sees the stop: the test checks that it did, during the cancel.
        ch.qos.logback.classic.Logger runStep = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                dev.crawlyard.activities.processes.ProcessActivitiesImpl.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> said =
                new ch.qos.logback.core.read.ListAppender<>();
        said.start();
        runStep.addAppender(said);

        beginStop();

        assertThat(launcher.awaitStatus(launched.task().id(), TaskStatus.CANCELLED, Duration.ofSeconds(30)).status())
                .isEqualTo(TaskStatus.CANCELLED);
        // The cancel came first: its attempt is stopped, not lost, and no other node runs the task.
        List<Attempt> runs = attempts.list(launched.task().id());
        assertThat(runs).extracting(Attempt::nodeKey).containsExactly("node-s");
        assertThat(runs).extracting(Attempt::outcome).containsExactly("stopped");
        runStep.detachAppender(said);
        assertThat(said.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .contains("stopping the spider: this node is stopping");
        await("the runner is free", () -> stoppingSlots.inUse() == 0);
    }

    @Test
    void aRunWhoseWorkerIsShutDownUnderItStopsItsSpiderAndGivesItsTaskBack() throws Exception {
        start(null);
        Path pid = scratch.resolve("spider.pid");
        Path first = scratch.resolve("first-run");
        // The first attempt says its pid and sleeps through the cancel message (SIGTERM ends it); the
        // next one ends at once.
        Spider spider = launcher.spider("if mkdir '" + first + "' 2>/dev/null; then echo $$ > '" + pid
                + "'; sleep 300; fi; echo on $CRAWLYARD_NODE", Map.of());
        TaskLauncher.Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);
        long sleeper = awaitPid(pid);

        // The node's workers shut down without its stop's first part (no stopTaking): the run step
        // hears of it only from its next heartbeat (ActivityWorkerShutdownException).
        stoppingDispatch.shutdown();
        stoppingNode.shutdown();
        otherNode.start();

        List<Attempt> runs = ranOnTheOtherNode(launched);
        assertThat(ProcessTable.isRunning(sleeper)).as("the spider was stopped").isFalse();
        assertThat(runs.getFirst().error()).startsWith("node node-s stopped during this attempt; its spider was stopped (");
        assertThat(stoppingSlots.inUse()).isZero();
    }

    @Test
    void aStopThatBeginsBetweenTwoStepsWaitsForTheNextToGiveTheTaskBack() throws Exception {
        start("SyncFiles", true);
        Spider spider = launcher.spider("sh spider.sh", Map.of("spider.sh", "echo on $CRAWLYARD_NODE"));

        // The stop begins just after the sync ends and before the run step is sent; the node then
        // drains (StepsDrain, as NodeWorkers.stop does) and shuts its workers down. Had it not waited
        // for the run step, that step would have found no worker, and the task would have gone on
        // only after the step's timeout (the heartbeat timeout), its attempt ended by the next one's start.
        ranElsewhereAfter(spider, "its spider was not started");
        assertThat(drained.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("drained within the grace period").isTrue();
    }

    /**
     * A spider whose first install (on the stopping node) writes its pid to {@code pid} and sleeps;
     * any later install finds it was there and ends at once.
     */
    private Spider firstInstallSleeps(Path pid) {
        Path first = scratch.resolve("first-install");
        return launcher.spiderInstalledBy("echo on $CRAWLYARD_NODE",
                "if mkdir '" + first + "' 2>/dev/null; then sh -c 'echo $$ > " + pid + "; exec sleep 60'; fi",
                Map.of());
    }

    /** Runs the spider and checks that its first attempt was given back by the stopping node with {@code what}. */
    private void ranElsewhereAfter(Spider spider, String what) throws Exception {
        TaskLauncher.Launched launched = launcher.launch(spider, TaskLauncher.QUICK, ItemPolicy.NONE);

        List<Attempt> runs = ranOnTheOtherNode(launched);
        assertThat(runs.getFirst().error()).isEqualTo("node node-s stopped during this attempt; " + what);
        // The stopping node gave its runner back.
        assertThat(stoppingSlots.inUse()).isZero();
        // No heartbeat timeout (20 s by default) came between the two attempts.
        assertThat(Duration.between(runs.getFirst().endedAt(), runs.get(1).startedAt()))
                .isLessThan(Duration.ofSeconds(10));
    }

    /**
     * Waits for the task to finish and checks that its first attempt was lost on the stopping node
     * and that its spider ran once, on the other; the attempts.
     */
    private List<Attempt> ranOnTheOtherNode(TaskLauncher.Launched launched) {
        TaskOutcome outcome = launched.workflow().getResult(TaskOutcome.class);
        assertThat(outcome.status()).as(String.valueOf(outcome)).isEqualTo(TaskStatus.FINISHED);
        assertThat(outcome.nodeKey()).isEqualTo("node-o");
        List<Attempt> runs = attempts.list(launched.task().id());
        assertThat(runs).extracting(Attempt::nodeKey).containsExactly("node-s", "node-o");
        assertThat(runs).extracting(Attempt::outcome).containsExactly("lost", "exited");
        assertThat(lines(launched, LogStream.STDOUT)).containsExactly("on node-o");
        return runs;
    }

    private List<String> lines(TaskLauncher.Launched launched, LogStream stream) {
        return logs.page(launched.task().id(), 0, 1000).stream().filter(line -> line.stream() == stream)
                .map(LogLine::line).toList();
    }

    private Attempt awaitEnded(long taskId) throws Exception {
        Attempt[] ended = new Attempt[1];
        await("attempt 1 of task " + taskId + " ends", () -> {
            List<Attempt> runs = attempts.list(taskId);
            ended[0] = runs.isEmpty() || runs.getFirst().endedAt() == null ? null : runs.getFirst();
            return ended[0] != null;
        });
        return ended[0];
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long awaitPid(Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the install never wrote " + file);
    }

    /** Begins the stopping node's stop as a step of one type reaches it. */
    private final class StopsAt extends WorkerInterceptorBase {
        private final String activityType;
        private final boolean drainAfter;

        StopsAt(String activityType, boolean drainAfter) {
            this.activityType = activityType;
            this.drainAfter = drainAfter;
        }

        @Override
        public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
            return new ActivityInboundCallsInterceptorBase(next) {
                private String type;

                @Override
                public void init(ActivityExecutionContext context) {
                    type = context.getInfo().getActivityType();
                    super.init(context);
                }

                @Override
                public ActivityOutput execute(ActivityInput input) {
                    if (!type.equals(activityType)) {
                        return super.execute(input);
                    }
                    if (!drainAfter) {
                        beginStop();
                        return super.execute(input);
                    }
                    ActivityOutput output = super.execute(input);
                    // Before this step's result goes back to Temporal: the node's stop, on a thread of its own.
                    Thread.ofPlatform().start(() -> {
                        beginStop();
                        try {
                            drained.complete(StepsDrain.drain(stoppingSlots, stepsAtWork,
                                    System.nanoTime() + Duration.ofSeconds(30).toNanos()));
                        } catch (InterruptedException e) {
                            drained.completeExceptionally(e);
                        }
                        stoppingNode.shutdown();
                    });
                    return output;
                }
            };
        }
    }
}
