package dev.crawlyard.api.artifacts;

import dev.crawlyard.store.artifacts.Artifact;
import java.time.Instant;

/**
 * A task's artifact as the API shows it.
 *
 * @param attempt   the run that left it
 * @param path      its path in the run's output directory
 * @param size      its size in bytes
 * @param sha256    the hash of its body, or null when it was refused
 * @param kept      whether its body can be downloaded
 * @param refused   why it was not kept, or null
 * @param createdAt when it was recorded
 */
public record ArtifactView(int attempt, String path, long size, String sha256, boolean kept, String refused,
        Instant createdAt) {

    static ArtifactView of(Artifact artifact) {
        return new ArtifactView(artifact.attempt(), artifact.path(), artifact.size(), artifact.sha256(),
                artifact.kept(), artifact.refused(), artifact.createdAt());
    }
}
