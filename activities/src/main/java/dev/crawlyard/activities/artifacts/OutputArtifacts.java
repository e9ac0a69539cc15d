package dev.crawlyard.activities.artifacts;

import dev.crawlyard.activities.Heartbeater;
import dev.crawlyard.store.artifacts.ArtifactStore;
import dev.crawlyard.workflows.task.ErrorKind;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.Sha256;
import dev.crawlyard.store.logs.LogLine;
import dev.crawlyard.store.logs.LogStream;
import dev.crawlyard.store.logs.TaskLogStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the files a run left in its output directory ({@code CRAWLYARD_OUTPUT_DIR}, or
 * {@code /app/output} in a container) as its task's artifacts: each body stored once by its
 * content hash in the blob store, each file on record under its relative path. Called once
 * nothing of the spider runs any more. Links are never followed (a spider must not make the node
 * read a file of its choosing), and whatever is not kept (a link, a device, a file over a limit,
 * a name that cannot be stored) is on record as refused and said so in the task's log.
 */
public final class OutputArtifacts {

    private static final Logger log = LoggerFactory.getLogger(OutputArtifacts.class);

    /** Deeper than this, a tree is a spider's mistake or an attack, not output. */
    private static final int MOST_DEPTH = 32;
    private static final int MOST_PATH_LENGTH = 1024;

    private final ArtifactStore artifacts;
    private final BlobStore blobs;
    private final TaskLogStore logs;
    private final ArtifactLimits limits;

    public OutputArtifacts(ArtifactStore artifacts, BlobStore blobs, TaskLogStore logs, ArtifactLimits limits) {
        this.artifacts = artifacts;
        this.blobs = blobs;
        this.logs = logs;
        this.limits = limits;
    }

    /** What a run's output directory gave: how many files were kept and refused, and the bytes kept. */
    public record Kept(int files, int refused, long bytes) {
    }

    /**
     * {@link #keep} from a run activity: storing can outlast the heartbeat timeout, so it heartbeats
     * meanwhile; a store that fails ends the task in error rather than losing the files unsaid.
     */
    public Kept keepOrFail(long taskId, int attempt, Path output) {
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            // Most spiders leave no output directory: nothing to keep, and no beats to keep it by.
            return new Kept(0, 0, 0);
        }
        try (Heartbeater ignored = Heartbeater.start(Activity.getExecutionContext())) {
            return keep(taskId, attempt, output);
        } catch (RuntimeException e) {
            log.warn("could not keep the task's artifacts", e);
            throw ApplicationFailure.newNonRetryableFailure("the task's output files could not be kept as its"
                    + " artifacts: " + e.getMessage(), ErrorKind.SYSTEM.name());
        }
    }

    /** Keeps what the directory {@code output} holds as the artifacts of this attempt of the task. */
    private Kept keep(long taskId, int attempt, Path output) {
        Map<String, Found> found = find(output);
        List<String> notes = new ArrayList<>();
        int kept = 0;
        int refused = 0;
        long bytes = 0;
        for (Map.Entry<String, Found> entry : found.entrySet()) {
            String path = entry.getKey();
            Found file = entry.getValue();
            String reason = file.refused();
            if (reason == null && kept >= limits.maxFiles()) {
                reason = "413: over the " + limits.maxFiles() + " files a run may keep (crawlyard.artifacts.max-files)";
            } else if (reason == null && file.size() > limits.maxFileBytes()) {
                reason = "413: " + file.size() + " bytes, over the " + limits.maxFileBytes()
                        + " bytes a file may have (crawlyard.artifacts.max-file-size)";
            } else if (reason == null && bytes + file.size() > limits.maxTotalBytes()) {
                reason = "413: it would take the run's artifacts past the " + limits.maxTotalBytes()
                        + " bytes they may have in all (crawlyard.artifacts.max-total-size)";
            }
            byte[] body = null;
            if (reason == null) {
                try {
                    body = read(file.path());
                    if (body.length > limits.maxFileBytes()) {
                        reason = "413: it grew past the " + limits.maxFileBytes() + " bytes a file may have";
                        body = null;
                    }
                } catch (IOException e) {
                    reason = "it could not be read: " + e.getMessage();
                }
            }
            if (body == null) {
                artifacts.record(taskId, attempt, path, file.size(), null, reason);
                notes.add("artifact " + path + " not kept: " + reason);
                refused++;
                continue;
            }
            String hash = Sha256.of(body);
            blobs.storeAll(Map.of(hash, body));
            artifacts.record(taskId, attempt, path, body.length, hash, null);
            kept++;
            bytes += body.length;
        }
        if (kept + refused > 0) {
            notes.add("kept " + kept + " artifact" + (kept == 1 ? "" : "s") + " (" + bytes + " bytes)"
                    + (refused > 0 ? "; " + refused + " refused" : ""));
            note(taskId, attempt, notes);
            log.info("kept {} artifacts ({} bytes), refused {}", kept, bytes, refused);
        }
        return new Kept(kept, refused, bytes);
    }

    private record Found(Path path, long size, String refused) {
    }

    /** Every entry under {@code output} that is not a directory, by its '/'-separated relative path. */
    private static Map<String, Found> find(Path output) {
        Map<String, Found> found = new TreeMap<>();
        try {
            // Without FOLLOW_LINKS, a link is visited as a file of its own and never entered.
            Files.walkFileTree(output, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), MOST_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            String raw = output.relativize(file).toString();
                            found.put(shown(raw), new Found(file, attributes.size(), refusal(raw, attributes)));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            found.put(shown(output.relativize(file).toString()),
                                    new Found(file, 0, "it could not be read: " + e.getMessage()));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the output directory " + output, e);
        }
        return found;
    }

    private static String refusal(String path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "it is more than " + MOST_DEPTH + " directories deep";
        }
        if (attributes.isSymbolicLink()) {
            return "it is a symbolic link; only regular files are kept";
        }
        if (!attributes.isRegularFile()) {
            return "it is not a regular file";
        }
        if (path.length() > MOST_PATH_LENGTH) {
            return "its path is longer than " + MOST_PATH_LENGTH + " characters";
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "its name holds a control character";
        }
        if (path.indexOf('\uFFFD') >= 0) {
            return "its name is not valid UTF-8";
        }
        return null;
    }

    /** The path as stored: '/'-separated, control characters shown escaped so that the record is readable. */
    private static String shown(String path) {
        StringBuilder shown = new StringBuilder(Math.min(path.length(), MOST_PATH_LENGTH));
        for (int i = 0; i < path.length() && shown.length() < MOST_PATH_LENGTH; i++) {
            char c = path.charAt(i);
            shown.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return shown.toString();
    }

    /** The file's bytes, read without following a link put in its place meanwhile, at most one byte over the limit. */
    private byte[] read(Path file) throws IOException {
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
        }
    }

    private void note(long taskId, int attempt, List<String> notes) {
        long seq = logs.lastSeq(taskId, attempt);
        List<LogLine> lines = new ArrayList<>();
        Instant now = Instant.now();
        for (String note : notes) {
            lines.add(new LogLine(++seq, now, LogStream.SYSTEM, note));
        }
        logs.append(taskId, attempt, lines);
    }
}
