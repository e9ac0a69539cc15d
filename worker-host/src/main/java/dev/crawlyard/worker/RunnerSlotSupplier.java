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

    RunnerSlotSupplier(RunnerSlots slots) {
        this.slots = slots;
    }

    @Override
    public SlotSupplierFuture reserveSlot(SlotReserveContext<ActivitySlotInfo> context) {
        CompletableFuture<Void> reservation = slots.reserve();
        return SlotSupplierFuture.fromCompletableFuture(reservation.thenApply(granted -> new SlotPermit()),
                () -> slots.abandon(reservation));
    }

    @Override
    public Optional<SlotPermit> tryReserveSlot(SlotReserveContext<ActivitySlotInfo> context) {
        return slots.tryReserve() ? Optional.of(new SlotPermit()) : Optional.empty();
    }

    @Override
    public void markSlotUsed(SlotMarkUsedContext<ActivitySlotInfo> context) {
        // The claim takes its task's runner itself (RunnerSlots.tryAcquire).
    }

    @Override
    public void releaseSlot(SlotReleaseContext<ActivitySlotInfo> context) {
        slots.unreserve();
    }
}
