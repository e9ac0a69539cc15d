package dev.crawlyard.collectors.crawler;

import java.util.HashMap;
import java.util.Map;

/**
 * The crawl's politeness as arithmetic, shared by the frontier in PostgreSQL and the one in
 * memory: pyspider's token bucket ({@code rate} pages a second, {@code burst} at once after a
 * pause) as the generic cell rate algorithm's theoretical arrival time, and the next free slot of
 * each host for the per-host delay. Every request gets a start time; none is refused, but starts
 * further away than the horizon are not handed out (the page stays queued).
 */
public final class Pacing {

    private final long intervalMicros;
    private final long toleranceMicros;
    private final long hostDelayMicros;
    private long tat;
    private final Map<String, Long> hostNext = new HashMap<>();

    /**
     * @param rate            pages a second; 0 for no limit
     * @param burst           pages at once after a pause, at least 1
     * @param hostDelayMicros least time between two requests to one host
     * @param tat             the bucket's theoretical arrival time (epoch micros), or 0 for a full bucket
     */
    public Pacing(double rate, int burst, long hostDelayMicros, long tat) {
        this.intervalMicros = rate > 0 ? Math.max(1, Math.round(1_000_000 / rate)) : 0;
        this.toleranceMicros = intervalMicros * (Math.max(1, burst) - 1L);
        this.hostDelayMicros = hostDelayMicros;
        this.tat = tat;
    }

    /** Whether this config paces anything at all. */
    public static boolean paces(double rate, long hostDelayMicros) {
        return rate > 0 || hostDelayMicros > 0;
    }

    /** Starts from a host's last slot (epoch micros). */
    public void hostSlot(String host, long nextMicros) {
        hostNext.put(host, nextMicros);
    }

    /**
     * Takes the slot of one request to {@code host} at {@code now} (epoch micros): its wait in
     * micros, or -1 if it would start more than {@code horizonMicros} from now (nothing is taken).
     */
    public long take(String host, long now, long horizonMicros) {
        long start = now;
        if (intervalMicros > 0) {
            start = Math.max(start, tat - toleranceMicros);
        }
        Long next = hostDelayMicros > 0 ? hostNext.get(host) : null;
        if (next != null) {
            start = Math.max(start, next);
        }
        if (start - now > horizonMicros) {
            return -1;
        }
        if (intervalMicros > 0) {
            tat = Math.max(tat, start) + intervalMicros;
        }
        if (hostDelayMicros > 0) {
            hostNext.put(host, start + hostDelayMicros);
        }
        return start - now;
    }

    /** The bucket's theoretical arrival time now, to store. */
    public long tat() {
        return tat;
    }

    /** Every host's next slot, to store. */
    public Map<String, Long> hostSlots() {
        return Map.copyOf(hostNext);
    }
}
