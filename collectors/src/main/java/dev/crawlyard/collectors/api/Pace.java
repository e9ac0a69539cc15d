package dev.crawlyard.collectors.api;

import dev.crawlyard.collectors.crawler.Pacing;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The wait before the next request, from the spider's {@code rate} and {@code burst}. */
interface Pace {

    /** No limit. */
    Pace NONE = host -> 0;

    /** The wait in milliseconds before a request to {@code host} may go (its slot is taken). */
    long delayMillis(String host) throws IOException;

    /**
     * The token bucket in this process only (for a run outside the platform): the crawler's
     * {@link Pacing}. On the platform the bucket is the spider's, kept by the API (see {@link RemotePace}).
     */
    static Pace local(double rate, int burst) {
        if (rate <= 0) {
            return NONE;
        }
        Pacing pacing = new Pacing(rate, burst, 0, 0);
        return host -> {
            synchronized (pacing) {
                long now = TimeUnit.NANOSECONDS.toMicros(System.nanoTime()) + 1;
                return TimeUnit.MICROSECONDS.toMillis(Math.max(0, pacing.take(host, now, Long.MAX_VALUE / 4)));
            }
        };
    }
}
