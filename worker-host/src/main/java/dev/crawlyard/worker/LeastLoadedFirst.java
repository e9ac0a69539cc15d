package dev.crawlyard.worker;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Random dispatch prefers the least-loaded node: a node holds its next poll of the dispatch queue
 * back while another online, enabled node with a runner free has fewer tasks under way, and polls
 * as soon as it has no more than the least of them, or after {@link #MOST_HOLD} whatever they do
 * (a peer that has runners but does not poll strands nothing). Without it the claim went to whichever
 * poll Temporal matched, and Temporal's test server matches the newest poll first, so the node that
 * had just taken a task took the next too (a spread of 300 tasks of 85% on one node was measured).
 *
 * <p>A node with nothing under way polls at once, without asking; when there was no peer to yield
 * to, it does not ask again for {@link #NO_PEERS_FOR}. If the database cannot be asked, it polls.
 */
final class LeastLoadedFirst implements AutoCloseable {

    static final Duration LOOK_EVERY = Duration.ofMillis(25);
    static final Duration MOST_HOLD = Duration.ofSeconds(3);
    static final Duration NO_PEERS_FOR = Duration.ofSeconds(2);

    private final IntSupplier ownLoad;
    private final Supplier<OptionalInt> leastPeerLoad;
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "least-loaded-first");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long noPeersUntil = Long.MIN_VALUE;

    /**
     * @param ownLoad       the tasks this node has under way (those holding a runner)
     * @param leastPeerLoad the fewest tasks under way on another node with a runner free, empty if none
     */
    LeastLoadedFirst(IntSupplier ownLoad, Supplier<OptionalInt> leastPeerLoad) {
        this.ownLoad = ownLoad;
        this.leastPeerLoad = leastPeerLoad;
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

    /** Whether no other node is less loaded than this one. */
    boolean mayPoll() {
        int own = ownLoad.getAsInt();
        if (own == 0 || System.nanoTime() < noPeersUntil) {
            return true;
        }
        OptionalInt least;
        try {
            least = leastPeerLoad.get();
        } catch (RuntimeException e) {
            // The database is away: no preference, rather than no claims.
            return true;
        }
        if (least.isEmpty()) {
            noPeersUntil = System.nanoTime() + NO_PEERS_FOR.toNanos();
            return true;
        }
        return own <= least.getAsInt();
    }

    @Override
    public void close() {
        looks.shutdownNow();
    }
}
