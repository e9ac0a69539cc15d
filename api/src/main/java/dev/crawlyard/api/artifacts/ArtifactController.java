package dev.crawlyard.api.artifacts;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.tasks.TaskService;
import dev.crawlyard.store.artifacts.Artifact;
import dev.crawlyard.store.artifacts.ArtifactStore;
import dev.crawlyard.store.files.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The files a task's runs left in their output directories. A download is looked up by its
 * recorded path, never on a file system, so no path can reach anything but a recorded body; every
 * body goes out as an attachment of type octet-stream, never rendered by the browser on the
 * console's origin, whatever the spider named it.
 */
@RestController
class ArtifactController {

    private final TaskService tasks;
    private final ArtifactStore artifacts;
    private final BlobStore blobs;

    ArtifactController(TaskService tasks, ArtifactStore artifacts, BlobStore blobs) {
        this.tasks = tasks;
        this.artifacts = artifacts;
        this.blobs = blobs;
    }

    /** The list of a task's artifacts. */
    record ArtifactList(long taskId, List<ArtifactView> artifacts) {
    }

    @GetMapping("/api/tasks/{id}/artifacts")
    ArtifactList list(@PathVariable long id) {
        tasks.get(id);
        return new ArtifactList(id, artifacts.list(id).stream().map(ArtifactView::of).toList());
    }

    /** One artifact's bytes: of {@code attempt}, or of the latest attempt that left a file at this path. */
    @GetMapping("/api/tasks/{id}/artifacts/{*path}")
    ResponseEntity<byte[]> download(@PathVariable long id, @PathVariable String path,
            @RequestParam(required = false) Integer attempt) {
        tasks.get(id);
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isEmpty()) {
            throw ApiException.notFound("name the artifact's path after /artifacts/, as the list shows it");
        }
        if (attempt != null && attempt < 1) {
            throw ApiException.badRequest("attempt: must be 1 or more, not " + attempt);
        }
        Artifact artifact = artifacts.find(id, attempt, relative).orElseThrow(() -> ApiException.notFound(
                "task " + id + " has no artifact " + relative + (attempt == null ? "" : " from attempt " + attempt)));
        if (!artifact.kept()) {
            throw ApiException.notFound("artifact " + relative + " of task " + id + " was not kept: " + artifact.refused());
        }
        byte[] body = blobs.read(List.of(artifact.sha256())).get(artifact.sha256());
        if (body == null) {
            throw new IllegalStateException("the body of artifact " + relative + " (" + artifact.sha256()
                    + ") is missing from the database");
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
