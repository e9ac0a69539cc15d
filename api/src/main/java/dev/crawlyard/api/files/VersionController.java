package dev.crawlyard.api.files;

import dev.crawlyard.api.Paging;
import dev.crawlyard.store.Page;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** {@code /api/spiders/{ref}/versions}: upload, list and read versions of a spider's files. */
@RestController
@RequestMapping("/api/spiders/{ref}")
class VersionController {

    private final VersionService versions;

    VersionController(VersionService versions) {
        this.versions = versions;
    }

    @PostMapping(path = "/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<VersionView> uploadParts(@PathVariable String ref, MultipartHttpServletRequest request,
            @RequestParam(defaultValue = "true") boolean current) throws IOException {
        List<Map.Entry<String, MultipartFile>> parts = new ArrayList<>();
        request.getMultiFileMap().forEach((name, files) -> files.forEach(file -> parts.add(Map.entry(name, file))));
        return created(ref, versions.uploadParts(ref, parts, current));
    }

    @PostMapping(path = "/versions", consumes = {"application/zip", "application/x-zip-compressed"})
    ResponseEntity<VersionView> uploadZip(@PathVariable String ref, HttpServletRequest request,
            @RequestParam(defaultValue = "true") boolean current) throws IOException {
        return created(ref, versions.uploadZip(ref, request.getInputStream(), current));
    }

    @GetMapping("/versions")
    Page<VersionView> list(@PathVariable String ref, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return versions.list(ref, page, size);
    }

    @GetMapping("/versions/{version}/files")
    List<FileView> files(@PathVariable String ref, @PathVariable int version) {
        return versions.files(ref, version);
    }

    @GetMapping("/versions/{version}/files/{*path}")
    ResponseEntity<byte[]> file(@PathVariable String ref, @PathVariable int version, @PathVariable String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        byte[] body = versions.file(ref, version, relative);
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }

    @PutMapping("/current-version")
    VersionView setCurrent(@PathVariable String ref, @RequestBody CurrentVersionRequest request) {
        return versions.setCurrent(ref, request);
    }

    private static ResponseEntity<VersionView> created(String ref, VersionView version) {
        return ResponseEntity.created(URI.create("/api/spiders/" + ref + "/versions/" + version.version() + "/files"))
                .body(version);
    }
}
