package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.workflows.task.FakeNode.Claims;
import dev.crawlyard.workflows.task.FakeNode.Runs;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The install step is left out only when nothing could call for it: no install command, and a sync
 * that says it wrote no dependency manifest. A node that does not say (one from before) still gets
 * the step, which looks for itself.
 */
@Timeout(60)
class TaskWorkflowInstallStepTest {

    private OneNodeRuns runs;

    @BeforeEach
    void start() {
        runs = new OneNodeRuns();
    }

    @AfterEach
    void stop() {
        runs.close();
    }

    private WorkflowStub run(FakeNode node, String installCommand) throws Exception {
        return runs.run(node, Map.of(), null, installCommand).workflow();
    }

    private long installsScheduled(WorkflowStub workflow) {
        return runs.scheduled(workflow, StepWatch.INSTALL);
    }

    @Test
    void aSyncThatWroteNoManifestGoesStraightToTheRun() throws Exception {
        FakeNode node = new FakeNode("plain", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of());

        WorkflowStub workflow = run(node, null);

        assertThat(node.installsAsked.get()).isZero();
        assertThat(installsScheduled(workflow)).isZero();
        assertThat(node.runsStarted.get()).isEqualTo(1);
    }

    @Test
    void aManifestInTheWorkspaceGetsItsInstall() throws Exception {
        FakeNode node = new FakeNode("python", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of("requirements.txt"));

        WorkflowStub workflow = run(node, null);

        assertThat(node.installsAsked.get()).isEqualTo(1);
        assertThat(installsScheduled(workflow)).isEqualTo(1);
    }

    @Test
    void anInstallCommandGetsItsInstallWithoutAManifest() throws Exception {
        FakeNode node = new FakeNode("custom", Claims.ACCEPT, Runs.EXIT_0).withManifests(List.of());

        run(node, "make deps");

        assertThat(node.installsAsked.get()).isEqualTo(1);
    }

    @Test
    void aNodeThatDoesNotSayWhatItWroteGetsTheInstallStep() throws Exception {
        FakeNode node = new FakeNode("older", Claims.ACCEPT, Runs.EXIT_0);

        run(node, null);

        assertThat(node.installsAsked.get()).isEqualTo(1);
    }
}
