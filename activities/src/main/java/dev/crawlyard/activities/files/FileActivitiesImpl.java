package dev.crawlyard.activities.files;

import dev.crawlyard.activities.DiskLimits;
import dev.crawlyard.activities.Heartbeater;
import dev.crawlyard.activities.dependencies.DependencyManifests;
import dev.crawlyard.activities.LocalNode;
import dev.crawlyard.activities.NodeStop;
import dev.crawlyard.activities.Runner;
import dev.crawlyard.activities.RunnerSlots;
import dev.crawlyard.activities.TaskMdc;
import dev.crawlyard.activities.tasks.TaskInputs;
import dev.crawlyard.activities.files.BlobCache.Transfer;
import dev.crawlyard.store.files.BlobStore;
import dev.crawlyard.store.files.ManifestEntry;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.tasks.AttemptStore;
import dev.crawlyard.store.tasks.FileSync;
import dev.crawlyard.store.tasks.IllegalTransitionException;
import dev.crawlyard.store.tasks.Task;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.workflows.files.FileActivities;
import dev.crawlyard.workflows.files.SpiderFilePath;
import dev.crawlyard.workflows.files.SyncRequest;
import dev.crawlyard.workflows.files.SyncResult;
import dev.crawlyard.workflows.task.ErrorKind;
import dev.crawlyard.workflows.task.TaskStatus;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Claims a task for this node and fills a fresh workspace with exactly the files of the spider
 * version it names: bodies come from the node's content-addressed cache, and only those the cache
 * lacks (or holds corrupt) are fetched from the database.
 */
public final class FileActivitiesImpl implements FileActivities {

    private static final Logger log = LoggerFactory.getLogger(FileActivitiesImpl.class);

    /** The failure type of a claim refused because the node is full or disabled; it is retried. */
    public static final String NODE_FULL = "NODE_FULL";

    private final LocalNode node;
    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final TaskInputs inputs;
    private final RunnerSlots slots;
    private final SpiderVersionStore versions;
    private final BlobCache cache;

    /**
     * The node's file steps. Within {@code limits}, the blob cache is kept under its cap after each
     * sync, and the workspaces and run directories of tasks that left the node (their runner was
     * given back) are removed but for the newest few.
     */
    public FileActivitiesImpl(LocalNode node, TaskStore tasks, AttemptStore attempts, TaskInputs inputs,
            RunnerSlots slots, SpiderVersionStore versions, BlobStore blobs, DiskLimits limits) {
        this.node = node;
        this.inputs = inputs;
        this.tasks = tasks;
        this.attempts = attempts;
        this.slots = slots;
        this.versions = versions;
        this.cache = new BlobCache(node.blobCache(), blobs, limits.blobCacheBytes());
        new FinishedWorkspaces(node, slots, limits.keepWorkspaces());
    }

    @Override
    public SyncResult syncFiles(SyncRequest request) {
        try (TaskMdc ignored = TaskMdc.of(request.taskId())) {
            // Before anything is claimed: a workflow the API did not start takes no runner either.
            Task task = inputs.checkSync(request);
            if (!slots.tryClaim(request.taskId())) {
                // Refused, and offered again by Temporal: to another node, for a random task.
                throw ApplicationFailure.newFailure("node " + node.key() + " has no free runner or is disabled",
                        NODE_FULL);
            }
            // A large version takes a while to fetch and write, longer than the heartbeat timeout:
            // heartbeat meanwhile, so that the claim is not taken for lost and run again elsewhere
            // while this node is still writing.
            boolean synced = false;
            try (Heartbeater beating = Heartbeater.start(Activity.getExecutionContext(), () -> null,
                    () -> slots.touch(request.taskId()))) {
                Runnable stopCheck = () -> handBackIfStopping(request, task, beating);
                stopCheck.run();
                // Looked at again before each file it writes: a large version may take longer than
                // the node's shutdown grace period.
                SyncResult result = sync(request, task, stopCheck);
                // Synced, but no spider starts here any more: the next node syncs again.
                stopCheck.run();
                // A run of the claim that Temporal gave up on meanwhile holds the task for nobody.
                synced = !beating.abandoned();
                return result;
            } finally {
                // A failed claim gives its runner back, unless another run of it holds the task here.
                slots.claimEnded(request.taskId(), synced);
            }
        }
    }

    /**
     * Fails the sync with {@code NODE_STOPPED}, giving the task's runner back, once this node is
     * stopping. Not a sync that is itself the claim (a workflow begun before the claim step): the
     * workflow does not know the task's node until it returns, and would take the failure for the
     * task's. A stopping node refuses such a claim before it begins ({@link RunnerSlots#tryClaim}),
     * unless the task already holds a runner here: a retry of one whose first run claimed the task
     * here is not told apart from a sync after a claim step, and ends that old workflow's task
     * abnormal instead of sending it elsewhere. A run that Temporal has given up on (its heartbeats
     * say so) gives nothing back and records nothing: it only fails.
     */
    private void handBackIfStopping(SyncRequest request, Task task, Heartbeater beating) {
        if (!slots.stopping() || !claimedByItsStep(request, task)) {
            return;
        }
        String what = "its spider was not started (it stopped during the file sync)";
        if (beating.abandoned()) {
            // Temporal gave up on this run (another has the task, or it was cancelled): it only fails.
            throw NodeStop.abandoned(node.key(), what);
        }
        throw NodeStop.handBack(attempts, slots, node.key(), request.taskId(), request.attempt(), true, what);
    }

    /** Whether this node's claim step took the task for this attempt, before its sync. */
    private boolean claimedByItsStep(SyncRequest request, Task task) {
        return task.status() == TaskStatus.PREPARING && task.attempt() == request.attempt()
                && node.key().equals(task.nodeKey());
    }

    private SyncResult sync(SyncRequest request, Task task, Runnable stopCheck) {
        long started = System.nanoTime();
        if (!claimedByItsStep(request, task)) {
            claim(request.taskId(), request.attempt());
        }
        Map<String, ManifestEntry> manifest = manifestOf(request);
        Path workspace = node.workspace(request.taskId());
        try {
            // A retried sync starts from an empty workspace, so it never mixes two attempts' files.
            Workspaces.deleteRecursively(workspace);
            Files.createDirectories(workspace);
            // A request's inline files (of workflows begun before versions) never get here: the
            // check above refuses them, as the API sends none.
            Transfer transfer;
            try (BlobCacheIndex.Pin pinned = cache.pin(manifest.values().stream().map(ManifestEntry::sha256).toList())) {
                transfer = materialise(workspace, manifest, stopCheck);
            }
            // The workspace holds copies, so the bodies are free to go once they are written.
            cache.trim();
            // The workspace is the task's runner user's alone: other spiders cannot read or change it.
            Runner.of(node, slots, request.taskId()).own(workspace);
            long bytes = manifest.values().stream().mapToLong(ManifestEntry::size).sum();
            int files = manifest.size();
            long millis = (System.nanoTime() - started) / 1_000_000;
            tasks.recordSync(request.taskId(), new FileSync(files, bytes, transfer.files(), transfer.bytes(), millis));
            log.info("synced version {}: {} files ({} bytes) into {}; fetched {} ({} bytes) in {} ms",
                    request.spiderVersion(), files, bytes, workspace, transfer.files(), transfer.bytes(), millis);
            return new SyncResult(node.key(), workspace.toString(), files, bytes, transfer.files(),
                    transfer.bytes(), DependencyManifests.in(workspace));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the workspace " + workspace, e);
        }
    }

    /**
     * Makes this node the attempt's node: the claim step did (and then the sync leaves it), unless
     * the workflow began before that step existed and this sync claims the task itself. Idempotent.
     */
    private void claim(long taskId, int attempt) {
        try {
            tasks.claim(taskId, attempt, node.key());
        } catch (IllegalTransitionException e) {
            // A task that ended (it was cancelled) before this node took it has nothing to sync.
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.SYSTEM.name());
        }
    }

    /** The named version's files; none when the task names no version. */
    private Map<String, ManifestEntry> manifestOf(SyncRequest request) {
        if (request.spiderVersion() == null) {
            return Map.of();
        }
        try {
            return versions.manifest(request.spiderId(), request.spiderVersion()).orElseThrow(() ->
                    ApplicationFailure.newNonRetryableFailure("spider " + request.spiderId() + " has no version "
                            + request.spiderVersion(), ErrorKind.CONFIG.name()));
        } catch (JacksonException e) {
            throw ApplicationFailure.newNonRetryableFailure("the manifest of version " + request.spiderVersion()
                    + " is unreadable: " + e.getOriginalMessage(), ErrorKind.CONFIG.name());
        }
    }

    /**
     * Fetches what the cache lacks (writing those files into the workspace straight from memory,
     * already checked), then copies every other file from the cache into the workspace. A cache
     * entry found corrupt while copying is fetched again once; corrupt twice is a failure. Before
     * each file it writes, {@code stopCheck} may end the sync (it throws).
     */
    private Transfer materialise(Path workspace, Map<String, ManifestEntry> manifest, Runnable stopCheck)
            throws IOException {
        // Every path is checked before anything is written, so a bad manifest writes nothing.
        Map<String, List<Path>> targetsByHash = new LinkedHashMap<>();
        Map<Path, ManifestEntry> targets = new LinkedHashMap<>();
        for (Map.Entry<String, ManifestEntry> file : manifest.entrySet()) {
            Path target = resolveInside(workspace, file.getKey());
            targets.put(target, file.getValue());
            targetsByHash.computeIfAbsent(file.getValue().sha256(), hash -> new ArrayList<>()).add(target);
        }
        Map<String, ManifestEntry> missing = new LinkedHashMap<>();
        for (ManifestEntry entry : manifest.values()) {
            if (!cache.has(entry.sha256())) {
                missing.putIfAbsent(entry.sha256(), entry);
            }
        }
        Set<Path> written = new HashSet<>();
        // Creating a directory that exists costs an exception; a spider's files share a few directories.
        Set<Path> directories = new HashSet<>();
        Transfer transfer = cache.fetch(missing.values(), (sha256, body) -> {
            for (Path target : targetsByHash.get(sha256)) {
                stopCheck.run();
                // The workspace is new and nothing reads it yet, so the file is written in place.
                createParent(target, directories);
                Files.write(target, body);
                written.add(target);
            }
        });
        for (Map.Entry<Path, ManifestEntry> target : targets.entrySet()) {
            if (written.contains(target.getKey())) {
                continue;
            }
            stopCheck.run();
            createParent(target.getKey(), directories);
            ManifestEntry entry = target.getValue();
            if (!cache.copyVerified(entry.sha256(), target.getKey())) {
                log.warn("cached body {} was corrupt or gone; fetching it again", entry.sha256());
                transfer = transfer.plus(cache.fetch(List.of(entry)));
                if (!cache.copyVerified(entry.sha256(), target.getKey())) {
                    throw new IOException("the cached body " + entry.sha256() + " was corrupt again right after"
                            + " it was fetched; is the disk under " + node.workRoot() + " failing?");
                }
            }
        }
        return transfer;
    }

    private static void createParent(Path file, Set<Path> created) throws IOException {
        if (created.add(file.getParent())) {
            Files.createDirectories(file.getParent());
        }
    }

    /** The workspace path of a spider file, refusing any path that is not safely inside it. */
    private static Path resolveInside(Path workspace, String relative) {
        String checked;
        try {
            checked = SpiderFilePath.check(relative);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ErrorKind.CONFIG.name());
        }
        Path target = workspace.resolve(checked).normalize();
        if (!target.startsWith(workspace) || target.equals(workspace)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "file path escapes the workspace: " + relative, ErrorKind.CONFIG.name());
        }
        return target;
    }
}
