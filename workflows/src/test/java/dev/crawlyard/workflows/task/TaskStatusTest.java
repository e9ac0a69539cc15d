package dev.crawlyard.workflows.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskStatusTest {

    @Test
    void aTaskMovesForwardThroughPendingPreparingRunning() {
        assertThat(TaskStatus.PENDING.canMoveTo(TaskStatus.PREPARING)).isTrue();
        assertThat(TaskStatus.PREPARING.canMoveTo(TaskStatus.RUNNING)).isTrue();
        assertThat(TaskStatus.RUNNING.canMoveTo(TaskStatus.FINISHED)).isTrue();
        assertThat(TaskStatus.RUNNING.canMoveTo(TaskStatus.PREPARING)).isFalse();
        assertThat(TaskStatus.PENDING.canMoveTo(TaskStatus.RUNNING)).isFalse();
        assertThat(TaskStatus.PENDING.canMoveTo(TaskStatus.FINISHED)).isFalse();
    }

    @Test
    void anyLiveTaskCanBeCancelledFailOrBeLostButNoEndedTaskMoves() {
        for (TaskStatus live : new TaskStatus[] {TaskStatus.PENDING, TaskStatus.PREPARING, TaskStatus.RUNNING}) {
            assertThat(live.canMoveTo(TaskStatus.CANCELLED)).isTrue();
            assertThat(live.canMoveTo(TaskStatus.ERROR)).isTrue();
            assertThat(live.canMoveTo(TaskStatus.ABNORMAL)).isTrue();
        }
        for (TaskStatus ended : TaskStatus.values()) {
            if (ended.isTerminal()) {
                for (TaskStatus next : TaskStatus.values()) {
                    assertThat(ended.canMoveTo(next)).as(ended + " -> " + next).isFalse();
                }
            }
        }
    }

    @Test
    void predecessorsAreExactlyTheStatusesThatMayMoveThere() {
        assertThat(TaskStatus.predecessorsOf(TaskStatus.RUNNING)).containsExactly(TaskStatus.PREPARING);
        assertThat(TaskStatus.predecessorsOf(TaskStatus.CANCELLED))
                .containsExactlyInAnyOrder(TaskStatus.PENDING, TaskStatus.PREPARING, TaskStatus.RUNNING);
        assertThat(TaskStatus.predecessorsOf(TaskStatus.PENDING)).isEmpty();
    }

    @Test
    void wireNamesRoundTripAndUnknownNamesAreRefused() {
        for (TaskStatus status : TaskStatus.values()) {
            assertThat(TaskStatus.fromWireName(status.wireName())).isEqualTo(status);
        }
        assertThat(TaskStatus.TIMED_OUT.wireName()).isEqualTo("timed_out");
        assertThatThrownBy(() -> TaskStatus.fromWireName("stuck")).isInstanceOf(IllegalArgumentException.class);
    }
}
