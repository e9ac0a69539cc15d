package dev.crawlyard.worker;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Random dispatch prefers the least-loaded node: a node holds its next poll of the dispatch queue
 * back while another online, enabled node with a runner free is ahead of it (fewer tasks under way,
 * or as many and an older last start), and polls as soon as none is, or after {@link #MOST_HOLD}
 * whatever they do (a peer that has runners but does not poll strands nothing). Without it the
 * claim went to whichever poll Temporal matched, and Temporal's test server matches the newest poll
 * first, so the node that had just taken a task took the next too (a spread of 300 tasks of 85% on
 * one node was measured). The tie-break by last start is for the same reason: short tasks leave
 * every node with nothing under way most of the time, and the node that had just finished one
 * polled last and took the next (42% on one node of three).
 *
 * <p>When it has no peer (no other node online, enabled and with runners: a node alone), a node
 * does not ask again for {@link #NO_PEERS_FOR}; peers that are all full are asked about at every
 * poll, since one may free a runner at any moment. If the database cannot be asked, it polls.
 */
final class LeastLoadedFirst implements AutoCloseable {

    static final Duration LOOK_EVERY = Duration.ofMillis(25);
    static final Duration MOST_HOLD = Duration.ofSeconds(3);
    static final Duration NO_PEERS_FOR = Duration.ofSeconds(1);

    private final IntSupplier ownLoad;
    private final IntFunction<OptionalInt> peersAhead;
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "least-loaded-first");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long noPeersUntil = Long.MIN_VALUE;

    /**
     * @param ownLoad    the tasks this node has under way ({@link dev.crawlyard.activities.RunnerSlots#underWay})
     * @param peersAhead given this node's load, how many other nodes with a runner free are ahead of
     *                   it, empty if there is no such node
     */
    LeastLoadedFirst(IntSupplier ownLoad, IntFunction<OptionalInt> peersAhead) {
        this.ownLoad = ownLoad;
        this.peersAhead = peersAhead;
    }

    /** Completes when this node may poll: it is the least loaded, or it has held back long enough. */
    CompletableFuture<Void> turn() {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        looks.execute(() -> look(turn, System.nanoTime() + MOST_HOLD.toNanos()));
        return turn;
    }

    private void look(CompletableFuture<Void> turn, long until) {
        if (turn.isDone()) {
            return;
        }
        if (System.nanoTime() >= until || mayPoll()) {
            turn.complete(null);
            return;
        }
        looks.schedule(() -> look(turn, until), LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether no other node is ahead of this one. */
    boolean mayPoll() {
        if (System.nanoTime() < noPeersUntil) {
            return true;
        }
        OptionalInt ahead;
        try {
            ahead = peersAhead.apply(ownLoad.getAsInt());
        } catch (RuntimeException e) {
            // The database is away: no preference, rather than no claims.
            return true;
        }
        if (ahead.isEmpty()) {
            noPeersUntil = System.nanoTime() + NO_PEERS_FOR.toNanos();
            return true;
        }
        return ahead.getAsInt() == 0;
    }

    @Override
    public void close() {
        looks.shutdownNow();
    }
}
