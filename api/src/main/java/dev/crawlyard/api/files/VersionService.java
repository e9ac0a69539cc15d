package dev.crawlyard.api.files;

import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spiders.SpiderService;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.files.ManifestEntry;
import dev.crawlyard.store.files.SpiderVersion;
import dev.crawlyard.store.files.SpiderVersionStore;
import dev.crawlyard.store.files.VersionFiles;
import dev.crawlyard.store.spiders.Spider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/** Uploads, lists and reads the versions of spiders' files. */
@Service
public class VersionService {

    /** The multipart part whose content is a zip archive to unpack; any other part is one file. */
    static final String ZIP_PART = "zip";

    private final SpiderService spiders;
    private final SpiderVersionStore versions;
    private final FilesProperties limits;

    VersionService(SpiderService spiders, SpiderVersionStore versions, FilesProperties limits) {
        this.spiders = spiders;
        this.versions = versions;
        this.limits = limits;
    }

    /** A body that is one zip archive. */
    public VersionView uploadZip(String spiderRef, InputStream archive, boolean makeCurrent) throws IOException {
        Spider spider = spiders.find(spiderRef);
        UploadedFiles files = new UploadedFiles(limits);
        ZipUpload.unpack(readArchive(archive), files, limits);
        return store(spider, files, makeCurrent);
    }

    /**
     * Multipart parts: a part named {@value #ZIP_PART} is an archive to unpack, any other part one
     * file whose submitted file name is its relative path.
     */
    public VersionView uploadParts(String spiderRef, List<Map.Entry<String, MultipartFile>> parts, boolean makeCurrent)
            throws IOException {
        Spider spider = spiders.find(spiderRef);
        UploadedFiles files = new UploadedFiles(limits);
        for (Map.Entry<String, MultipartFile> part : parts) {
            MultipartFile file = part.getValue();
            try (InputStream body = file.getInputStream()) {
                if (part.getKey().equals(ZIP_PART)) {
                    ZipUpload.unpack(readArchive(body), files, limits);
                } else {
                    String path = file.getOriginalFilename();
                    if (path == null || path.isBlank()) {
                        throw ApiException.badRequest("part '" + part.getKey() + "' has no file name; a file part's"
                                + " file name is its path in the spider, e.g. -F 'files=@util.py;filename=lib/util.py'");
                    }
                    files.add("part '" + part.getKey() + "'", path, body);
                }
            }
        }
        return store(spider, files, makeCurrent);
    }

    public Page<VersionView> list(String spiderRef, int page, int size) {
        Spider spider = spiders.find(spiderRef);
        Page<SpiderVersion> found = versions.list(spider.id(), page, size);
        return new Page<>(found.items().stream().map(v -> VersionView.of(v, spider.currentVersion())).toList(),
                found.page(), found.size(), found.total());
    }

    /** The version's files, sorted by path. */
    public List<FileView> files(String spiderRef, int version) {
        Spider spider = spiders.find(spiderRef);
        return manifest(spider, version).entrySet().stream()
                .map(file -> new FileView(file.getKey(), file.getValue().size(), file.getValue().sha256()))
                .toList();
    }

    /** One file's content. The path is looked up in the manifest, so nothing else can be read. */
    public byte[] file(String spiderRef, int version, String rawPath) {
        Spider spider = spiders.find(spiderRef);
        String path = UploadedFiles.checkedPath("the path '" + rawPath + "'", rawPath);
        ManifestEntry entry = manifest(spider, version).get(path);
        if (entry == null) {
            throw ApiException.notFound("version " + version + " of spider '" + spider.name() + "' has no file " + path);
        }
        return versions.body(entry.sha256()).orElseThrow(() -> new IllegalStateException(
                "the body of " + path + " (" + entry.sha256() + ") is missing from the database"));
    }

    public VersionView setCurrent(String spiderRef, CurrentVersionRequest request) {
        Spider spider = spiders.find(spiderRef);
        new FieldErrors().require(request != null && request.version() != null, "version",
                "required: the number of one of the spider's versions").throwIfAny();
        if (!versions.setCurrent(spider.id(), request.version())) {
            throw ApiException.invalid(List.of(new ApiError.FieldError("version",
                    "spider '" + spider.name() + "' has no version " + request.version())));
        }
        return VersionView.of(versions.find(spider.id(), request.version()).orElseThrow(), request.version());
    }

    private Map<String, ManifestEntry> manifest(Spider spider, int version) {
        return versions.manifest(spider.id(), version).orElseThrow(() ->
                ApiException.notFound("spider '" + spider.name() + "' has no version " + version));
    }

    private VersionView store(Spider spider, UploadedFiles files, boolean makeCurrent) {
        VersionFiles prepared;
        try {
            prepared = VersionFiles.of(files.files());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        SpiderVersion created = versions.create(spider.id(), prepared, makeCurrent);
        return VersionView.of(created, makeCurrent ? Integer.valueOf(created.version()) : spider.currentVersion());
    }

    /** The archive's bytes; an archive larger than a whole version may be is refused unread. */
    private byte[] readArchive(InputStream archive) {
        try {
            long room = limits.maxTotalSize().toBytes();
            byte[] bytes = archive.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, room + 1));
            if (bytes.length > room) {
                throw ApiException.tooLarge("the archive is larger than " + room
                        + " bytes, the most a version may hold (crawlyard.files.max-total-size)");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded archive", e);
        }
    }
}
