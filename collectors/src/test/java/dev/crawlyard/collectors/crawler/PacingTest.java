package dev.crawlyard.collectors.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The politeness arithmetic: pyspider's token bucket and the per-host delay. */
class PacingTest {

    private static final long SECOND = 1_000_000;
    private static final long NOW = 1_000 * SECOND;

    @Test
    void aFullBucketLetsBurstGoAtOnceThenOneEveryIntervalOfTheRate() {
        Pacing pacing = new Pacing(2, 3, 0, 0);

        long[] waits = new long[6];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = pacing.take("a", NOW, 100 * SECOND);
        }

        assertThat(waits).containsExactly(0, 0, 0, SECOND / 2, SECOND, 3 * SECOND / 2);
    }

    @Test
    void anIdleBucketRefillsUpToItsBurstOnly() {
        Pacing pacing = new Pacing(1, 2, 0, 0);
        pacing.take("a", NOW, SECOND);
        pacing.take("a", NOW, SECOND);

        long later = NOW + 60 * SECOND;
        assertThat(pacing.take("a", later, SECOND)).isZero();
        assertThat(pacing.take("a", later, SECOND)).isZero();
        assertThat(pacing.take("a", later, 10 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void theHostDelaySpacesRequestsToOneHostAndNotToOthers() {
        Pacing pacing = new Pacing(0, 1, SECOND / 4, 0);

        assertThat(pacing.take("a", NOW, SECOND)).isZero();
        assertThat(pacing.take("a", NOW, SECOND)).isEqualTo(SECOND / 4);
        assertThat(pacing.take("b", NOW, SECOND)).isZero();
        assertThat(pacing.take("a", NOW, SECOND)).isEqualTo(SECOND / 2);
    }

    @Test
    void aSlotPastTheHorizonIsNotTakenAndTakesNothing() {
        Pacing pacing = new Pacing(1, 1, 0, 0);
        assertThat(pacing.take("a", NOW, 0)).isZero();

        assertThat(pacing.take("a", NOW, SECOND / 2)).isEqualTo(-1);
        assertThat(pacing.take("a", NOW, 2 * SECOND)).isEqualTo(SECOND);
    }
}
