package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.workflows.task.FakeNode.Claims;
import dev.crawlyard.workflows.task.FakeNode.Runs;
import dev.crawlyard.workflows.task.OneNodeRuns.Ran;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sync step is left out only for a task with nothing to sync (no version, no inline files, no
 * install command, no container), and only when its node's claim says it made the empty workspace;
 * a node from before, which says nothing, still gets the sync.
 */
@Timeout(60)
class TaskWorkflowSyncStepTest {

    private OneNodeRuns runs;

    @BeforeEach
    void start() {
        runs = new OneNodeRuns();
    }

    @AfterEach
    void stop() {
        runs.close();
    }

    private Ran run(FakeNode node, Map<String, String> files, Integer version, String installCommand)
            throws Exception {
        return runs.run(node, files, version, installCommand);
    }

    private long scheduled(WorkflowStub workflow, String activityType) {
        return runs.scheduled(workflow, activityType);
    }

    @Test
    void aTaskWithNothingToSyncGoesFromItsClaimToItsRunInTheWorkspaceTheClaimMade() throws Exception {
        FakeNode node = new FakeNode("current", Claims.ACCEPT, Runs.EXIT_0).makingEmptyWorkspaces();

        Ran ran = run(node, Map.of(), null, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(true);
        assertThat(node.syncsAsked).hasValue(0);
        assertThat(scheduled(ran.workflow(), StepWatch.SYNC)).isZero();
        assertThat(scheduled(ran.workflow(), StepWatch.INSTALL)).isZero();
        assertThat(node.runWorkspaces).containsExactly("/empty/" + ran.taskId());
    }

    @Test
    void aNodeWhoseClaimMakesNoWorkspaceGetsTheSync() throws Exception {
        FakeNode node = new FakeNode("older", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of());

        Ran ran = run(node, Map.of(), null, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(true);
        assertThat(node.syncsAsked).hasValue(1);
        assertThat(node.runWorkspaces).containsExactly("/nowhere/" + ran.taskId());
    }

    @Test
    void aTaskWithInlineFilesIsSynced() throws Exception {
        FakeNode node = syncingNode("inline");

        Ran ran = run(node, Map.of("main.py", "print(1)"), null, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(false);
        assertThat(scheduled(ran.workflow(), StepWatch.SYNC)).isEqualTo(1);
        assertThat(node.runWorkspaces).containsExactly("/nowhere/" + ran.taskId());
    }

    @Test
    void aTaskOfAVersionIsSynced() throws Exception {
        FakeNode node = syncingNode("versioned");

        run(node, Map.of(), 3, null);

        assertThat(node.emptyWorkspacesAsked).containsExactly(false);
        assertThat(node.syncsAsked).hasValue(1);
    }

    @Test
    void aTaskWithAnInstallCommandIsSyncedAndInstalled() throws Exception {
        FakeNode node = syncingNode("installing");

        run(node, Map.of(), null, "make deps");

        assertThat(node.emptyWorkspacesAsked).containsExactly(false);
        assertThat(node.syncsAsked).hasValue(1);
        assertThat(node.installsAsked).hasValue(1);
    }

    private static FakeNode syncingNode(String key) {
        return new FakeNode(key, Claims.ACCEPT, Runs.EXIT_0).makingEmptyWorkspaces().withManifests(List.of());
    }
}
