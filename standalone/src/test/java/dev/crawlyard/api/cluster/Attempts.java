package dev.crawlyard.api.cluster;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading attempts as the API shows them. */
final class Attempts {

    private Attempts() {
    }

    /** The most of these attempts that were running at one moment, from their start and end times. */
    static int mostAtOnce(List<JsonNode> attempts) {
        int most = 0;
        for (JsonNode attempt : attempts) {
            Instant at = Instant.parse(attempt.get("startedAt").asString());
            int overlapping = 0;
            for (JsonNode other : attempts) {
                Instant start = Instant.parse(other.get("startedAt").asString());
                Instant end = Instant.parse(other.get("endedAt").asString());
                if (!start.isAfter(at) && end.isAfter(at)) {
                    overlapping++;
                }
            }
            most = Math.max(most, overlapping);
        }
        return most;
    }
}
