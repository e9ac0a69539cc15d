package dev.crawlyard.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The reservations that let a node poll the dispatch queue only while it has a free runner, and the holds of claimed tasks. */
class RunnerSlotsTest {

    @Test
    void aPollReservesAFreeRunnerAndTheNextWaitsUntilOneFreesUp() {
        RunnerSlots slots = new RunnerSlots(2);
        assertThat(slots.tryAcquire(1)).isTrue();

        CompletableFuture<Void> first = slots.reserve();
        CompletableFuture<Void> second = slots.reserve();

        assertThat(first).isDone();
        assertThat(second).isNotDone();
        assertThat(slots.tryReserve()).as("a runner that a waiting poll is owed is not free").isFalse();
        slots.release(1);
        assertThat(second).isDone();
    }

    @Test
    void theClaimTakesItsRunnerWhileItsReservationIsHeldAndNoOtherPollGetsIt() {
        RunnerSlots slots = new RunnerSlots(1);
        CompletableFuture<Void> poll = slots.reserve();
        assertThat(poll).isDone();

        assertThat(slots.tryAcquire(7)).as("the claim the poll brought").isTrue();
        slots.unreserve();

        assertThat(slots.inUse()).isEqualTo(1);
        CompletableFuture<Void> next = slots.reserve();
        assertThat(next).as("the node is full: no poll").isNotDone();
        slots.release(7);
        assertThat(next).isDone();
    }

    @Test
    void aClaimCountsAsUnderWayFromItsPollUntilItsTaskEnds() {
        RunnerSlots slots = new RunnerSlots(2);
        slots.reserve();
        assertThat(slots.underWay()).as("a reservation whose poll is not sent").isZero();

        slots.pollSent();
        assertThat(slots.underWay()).as("the poll is out, or brought a claim not yet made").isEqualTo(1);
        slots.tryAcquire(7);
        slots.pollEnded();
        assertThat(slots.underWay()).as("the claim made").isEqualTo(1);
        assertThat(slots.tryReserve()).as("its reservation was given back").isTrue();
        slots.unreserve();

        slots.release(7);
        assertThat(slots.underWay()).isZero();
    }

    @Test
    void aDisabledNodeGrantsNoReservationUntilItIsEnabledAgain() {
        RunnerSlots slots = new RunnerSlots(0);
        CompletableFuture<Void> poll = slots.reserve();
        assertThat(poll).isNotDone();
        assertThat(slots.tryReserve()).isFalse();

        slots.setLimit(1);

        assertThat(poll).isDone();
        assertThat(slots.tryReserve()).isFalse();
    }

    @Test
    void loweringTheLimitHoldsBackPollsUntilTheNodeIsBelowIt() {
        RunnerSlots slots = new RunnerSlots(3);
        slots.tryAcquire(1);
        slots.tryAcquire(2);
        slots.setLimit(1);

        CompletableFuture<Void> poll = slots.reserve();
        slots.release(1);
        assertThat(poll).as("still at the new limit of one").isNotDone();
        slots.release(2);
        assertThat(poll).isDone();
    }

    @Test
    void anAbandonedReservationFreesItsRunnerWhetherOrNotItWasGranted() {
        RunnerSlots slots = new RunnerSlots(1);
        CompletableFuture<Void> granted = slots.reserve();
        CompletableFuture<Void> waiting = slots.reserve();

        slots.abandon(waiting);
        slots.abandon(granted);

        assertThat(waiting).as("withdrawn, never granted").isNotDone();
        assertThat(slots.tryReserve()).isTrue();
    }

    @Test
    void aFailedRunOfAClaimKeepsTheRunnerWhileAnotherRunOfItHoldsTheTask() {
        RunnerSlots slots = new RunnerSlots(1);
        List<Long> left = new ArrayList<>();
        slots.onRelease(left::add);
        assertThat(slots.tryClaim(5)).isTrue();
        assertThat(slots.tryClaim(5)).as("a second delivery of the same claim").isTrue();

        slots.claimEnded(5, false);
        assertThat(slots.holds(5)).as("the other run is still at work").isTrue();
        slots.claimEnded(5, true);
        assertThat(slots.tryClaim(5)).as("a third delivery, after one succeeded").isTrue();
        slots.claimEnded(5, false);

        assertThat(slots.holds(5)).isTrue();
        assertThat(slots.tryAcquire(6)).as("the one runner is the task's").isFalse();
        assertThat(left).isEmpty();
        slots.release(5);
        assertThat(left).containsExactly(5L);
        assertThat(slots.tryAcquire(6)).isTrue();
    }

    @Test
    void aClaimThatFailsWithNoOtherRunGivesTheRunnerBack() {
        RunnerSlots slots = new RunnerSlots(1);
        assertThat(slots.tryClaim(5)).isTrue();

        slots.claimEnded(5, false);

        assertThat(slots.holds(5)).isFalse();
        assertThat(slots.tryAcquire(6)).isTrue();
    }

    @Test
    void aStoppingNodeTakesNoTaskWhateverItsLimitAndItsRunningTasksKeepTheirRunners() {
        RunnerSlots slots = new RunnerSlots(3);
        assertThat(slots.beginRun(1)).isEqualTo(RunnerSlots.RunStart.BEGUN);
        assertThat(slots.tryAcquire(2)).isTrue();
        CompletableFuture<Void> waiting = slots.reserve();
        assertThat(waiting).isCompleted();
        slots.unreserve();

        slots.stopTaking();
        slots.setLimit(10);

        assertThat(slots.stopping()).isTrue();
        assertThat(slots.tryAcquire(3)).isFalse();
        assertThat(slots.tryClaim(4)).isFalse();
        assertThat(slots.tryReserve()).isFalse();
        assertThat(slots.reserve()).isNotCompleted();
        assertThat(slots.idle()).isZero();
        // The held ones stay theirs; only the one whose process started counts as running.
        assertThat(slots.tryAcquire(1)).isTrue();
        assertThat(slots.holds(2)).isTrue();
        assertThat(slots.running()).isEqualTo(1);
        slots.release(1);
        assertThat(slots.running()).isZero();

        // Started again (a lifecycle restart): the waiting poll gets its runner, claims take theirs.
        CompletableFuture<Void> poll = slots.reserve();
        slots.startTaking();
        assertThat(slots.stopping()).isFalse();
        assertThat(poll).isCompleted();
        assertThat(slots.tryAcquire(3)).isTrue();
    }

    @Test
    void aHandBackGivesTheRunnerBackUnlessTheProcessStartedAndAfterTheLastRunOfAClaimingStep() {
        RunnerSlots slots = new RunnerSlots(3);
        List<Long> left = new ArrayList<>();
        slots.onRelease(left::add);
        // A claimed task at a step: its run gives it back.
        assertThat(slots.tryClaim(1)).isTrue();
        slots.claimEnded(1, true);
        // A task whose process started: an old run of an earlier step does not take its runner.
        assertThat(slots.beginRun(2)).isEqualTo(RunnerSlots.RunStart.BEGUN);
        // A claiming step delivered twice: the runner goes back once neither run is at work any more,
        // although one of them succeeded.
        assertThat(slots.tryClaim(3)).isTrue();
        assertThat(slots.tryClaim(3)).isTrue();

        assertThat(slots.handBack(1, false)).isTrue();
        assertThat(slots.handBack(2, false)).isFalse();
        assertThat(slots.handBack(3, true)).isTrue();
        assertThat(slots.holds(3)).as("the other run is still at work").isTrue();
        slots.claimEnded(3, false);
        assertThat(slots.holds(3)).isTrue();
        slots.claimEnded(3, true);
        assertThat(slots.handBack(4, false)).as("a task that holds nothing here: nothing to give back").isTrue();

        assertThat(left).containsExactly(1L, 3L);
        assertThat(slots.holds(2)).isTrue();
        assertThat(slots.inUse()).isEqualTo(1);
    }

    @Test
    void aTaskBetweenTwoStepsIsAwaitedOnlyWhileAStepTouchedItRecently() throws InterruptedException {
        RunnerSlots slots = new RunnerSlots(3);
        assertThat(slots.tryAcquire(1)).isTrue();
        assertThat(slots.beginRun(2)).isEqualTo(RunnerSlots.RunStart.BEGUN);

        assertThat(slots.awaitingStep(Duration.ofMinutes(1))).as("the one not started").isEqualTo(1);
        Thread.sleep(1000);
        assertThat(slots.awaitingStep(Duration.ofMillis(500))).as("touched too long ago").isZero();
        slots.touch(1);
        assertThat(slots.awaitingStep(Duration.ofMillis(500))).isEqualTo(1);
    }

    @Test
    void aRunBegunHoldsItsRunnerAgainstAnEarlierStepsHandBackAndAHandedBackHoldWaitsForItsClaim() {
        RunnerSlots slots = new RunnerSlots(3);
        assertThat(slots.tryClaim(1)).isTrue();
        slots.claimEnded(1, true);
        assertThat(slots.beginRun(1)).isEqualTo(RunnerSlots.RunStart.BEGUN);
        // An old run of the sync sees the stop only now: the run step has the task.
        slots.stopTaking();
        assertThat(slots.handBack(1, true)).isFalse();
        assertThat(slots.holds(1)).isTrue();
        assertThat(slots.running()).isEqualTo(1);
        assertThat(slots.beginRun(2)).isEqualTo(RunnerSlots.RunStart.STOPPING);

        // A hold handed back while another run of its claim is at work is taken by no claim or step
        // while the node stops, and goes back when that run ends, though it succeeded.
        slots.startTaking();
        assertThat(slots.tryClaim(3)).isTrue();
        assertThat(slots.tryClaim(3)).isTrue();
        slots.stopTaking();
        assertThat(slots.handBack(3, true)).isTrue();
        slots.claimEnded(3, false);
        assertThat(slots.tryClaim(3)).as("the task's next attempt, pinned to this stopping node").isFalse();
        assertThat(slots.tryAcquire(3)).isFalse();
        assertThat(slots.beginRun(3)).isEqualTo(RunnerSlots.RunStart.STOPPING);
        slots.claimEnded(3, true);
        assertThat(slots.holds(3)).isFalse();

        // Started again while a claim run lingers: the task's next claim takes the hold back, and the
        // end of the lingering run leaves it.
        slots.startTaking();
        assertThat(slots.tryClaim(4)).isTrue();
        assertThat(slots.tryClaim(4)).isTrue();
        slots.stopTaking();
        assertThat(slots.handBack(4, true)).isTrue();
        slots.claimEnded(4, false);
        slots.startTaking();
        assertThat(slots.tryClaim(4)).isTrue();
        slots.claimEnded(4, true);
        slots.claimEnded(4, false);
        assertThat(slots.holds(4)).isTrue();
        assertThat(slots.tryClaim(3)).as("once given back, the next attempt takes a runner afresh").isTrue();
    }
}
