package dev.crawlyard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a node may poll the dispatch queue: at once when nothing is under way on it or no peer is
 * less loaded; held back while a peer is, until that changes or the hold's bound is over.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeastLoadedFirstTest {

    private final AtomicInteger own = new AtomicInteger();
    private final AtomicInteger peer = new AtomicInteger();
    private final AtomicInteger questions = new AtomicInteger();
    private volatile boolean peers = true;
    private volatile boolean databaseAway;

    private LeastLoadedFirst order() {
        return new LeastLoadedFirst(own::get, () -> {
            questions.incrementAndGet();
            if (databaseAway) {
                throw new IllegalStateException("connection refused");
            }
            return peers ? OptionalInt.of(peer.get()) : OptionalInt.empty();
        });
    }

    @Test
    void aNodeWithNothingUnderWayPollsWithoutAsking() {
        try (LeastLoadedFirst order = order()) {
            peer.set(0);

            assertThat(order.mayPoll()).isTrue();
            assertThat(questions).hasValue(0);
        }
    }

    @Test
    void aNodeBusierThanAPeerHoldsBackAndOneAsBusyAsTheLeastPolls() {
        try (LeastLoadedFirst order = order()) {
            own.set(2);
            peer.set(1);
            assertThat(order.mayPoll()).isFalse();

            peer.set(2);
            assertThat(order.mayPoll()).isTrue();
        }
    }

    @Test
    void aHeldTurnComesWhenThePeerCatchesUp() throws Exception {
        try (LeastLoadedFirst order = order()) {
            own.set(3);
            peer.set(0);
            CompletableFuture<Void> turn = order.turn();
            // Asked, and asked again, while the peer is idle: the turn does not come.
            while (questions.get() < 3) {
                Thread.sleep(5);
            }
            assertThat(turn).isNotDone();

            peer.set(3);

            turn.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTurnHeldByAPeerThatNeverTakesWorkComesAnyway() throws Exception {
        try (LeastLoadedFirst order = order()) {
            own.set(5);
            peer.set(0);

            order.turn().get(10, TimeUnit.SECONDS);

            assertThat(questions.get()).isGreaterThan(1);
        }
    }

    @Test
    void withNoPeerToYieldToTheNodePollsAndDoesNotAskAgainForAWhile() {
        try (LeastLoadedFirst order = order()) {
            own.set(4);
            peers = false;

            assertThat(order.mayPoll()).isTrue();
            assertThat(order.mayPoll()).isTrue();
            assertThat(questions).hasValue(1);
        }
    }

    @Test
    void whenTheDatabaseCannotBeAskedTheNodePolls() {
        try (LeastLoadedFirst order = order()) {
            own.set(4);
            databaseAway = true;

            assertThat(order.mayPoll()).isTrue();
        }
    }
}
