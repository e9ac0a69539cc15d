package dev.crawlyard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a node may poll the dispatch queue: at once when no peer is ahead of it; held back while one
 * is, until that changes or the hold's bound is over. (Which peers are ahead is NodeLoadsTest's.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeastLoadedFirstTest {

    private final AtomicInteger own = new AtomicInteger();
    private final AtomicInteger peer = new AtomicInteger();
    private final AtomicInteger askedWith = new AtomicInteger(-1);
    private final AtomicInteger questions = new AtomicInteger();
    private volatile boolean peers = true;
    private volatile boolean databaseAway;

    private LeastLoadedFirst order() {
        // One peer, ahead when it has fewer under way (the tie-break is the database's).
        return new LeastLoadedFirst(own::get, load -> {
            questions.incrementAndGet();
            askedWith.set(load);
            if (databaseAway) {
                throw new IllegalStateException("connection refused");
            }
            return peers ? OptionalInt.of(peer.get() < load ? 1 : 0) : OptionalInt.empty();
        });
    }

    @Test
    void aNodeWithAPeerAheadHoldsBackAndOneWithNonePolls() {
        try (LeastLoadedFirst order = order()) {
            own.set(2);
            peer.set(1);
            assertThat(order.mayPoll()).isFalse();
            // The node asks with what it has under way.
            assertThat(askedWith).hasValue(2);

            peer.set(2);
            assertThat(order.mayPoll()).isTrue();
        }
    }

    @Test
    void aNodeWithNothingUnderWayAsksToo() {
        // Short tasks leave every node idle most of the time: the tie between them is the question.
        try (LeastLoadedFirst order = order()) {
            assertThat(order.mayPoll()).isTrue();
            assertThat(questions).hasValue(1);
            assertThat(askedWith).hasValue(0);
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
