package dev.crawlyard.worker;

import dev.crawlyard.activities.RunnerSlots;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The dispatch queue's activity slots, one per free runner: the SDK polls the shared queue only
 * while it holds a slot, so a node whose runners are all busy (or that is disabled) does not ask
 * for claims at all, and its limit changes apply to the next poll without a restart. The claim
 * takes the runner for its task while its slot is still held; the slot is then given back.
 */
final class RunnerSlotSupplier implements SlotSupplier<ActivitySlotInfo> {

    private final RunnerSlots slots;
    private final LeastLoadedFirst order;

    /** @param order when the node may poll once it has a runner (see {@link LeastLoadedFirst}) */
    RunnerSlotSupplier(RunnerSlots slots, LeastLoadedFirst order) {
        this.slots = slots;
        this.order = order;
    }

    @Override
    public SlotSupplierFuture reserveSlot(SlotReserveContext<ActivitySlotInfo> context) {
        CompletableFuture<Void> reservation = slots.reserve();
        CompletableFuture<Void> turn = reservation.thenCompose(granted -> order.turn());
        return SlotSupplierFuture.fromCompletableFuture(turn.thenApply(granted -> sent()),
                () -> {
                    turn.cancel(false);
                    slots.abandon(reservation);
                });
    }

    @Override
    public Optional<SlotPermit> tryReserveSlot(SlotReserveContext<ActivitySlotInfo> context) {
        // Taken only when the node may poll now; otherwise the SDK waits in reserveSlot.
        if (!order.mayPoll()) {
            return Optional.empty();
        }
        return slots.tryReserve() ? Optional.of(sent()) : Optional.empty();
    }

    /**
     * The permit for a poll about to be sent. Its poll counts as under way until the permit is
     * given back, the claim it brings included: the SDK asks for the next slot before it marks this
     * one used, and a node that took itself for idle then would poll again at once.
     */
    private SlotPermit sent() {
        slots.pollSent();
        return new SlotPermit();
    }

    @Override
    public void markSlotUsed(SlotMarkUsedContext<ActivitySlotInfo> context) {
        // The claim takes its task's runner itself (RunnerSlots.tryAcquire).
    }

    @Override
    public void releaseSlot(SlotReleaseContext<ActivitySlotInfo> context) {
        slots.pollEnded();
    }
}
