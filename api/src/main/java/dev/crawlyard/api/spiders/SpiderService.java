package dev.crawlyard.api.spiders;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.spiders.NewSpider;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.workflows.files.SpiderFilePath;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Registers and finds spiders. */
@Service
public class SpiderService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_FILES = 1000;
    private static final long MAX_INLINE_BYTES = 5L * 1024 * 1024;

    private final SpiderStore spiders;

    SpiderService(SpiderStore spiders) {
        this.spiders = spiders;
    }

    public Spider create(CreateSpiderRequest request) {
        FieldErrors errors = new FieldErrors();
        String name = request.name() == null ? "" : request.name().trim();
        errors.require(NAME.matcher(name).matches(), "name",
                "required: 1-100 letters, digits, '.', '_' or '-', starting with a letter");
        errors.require(request.command() != null && !request.command().isBlank(), "command",
                "required: the shell command that starts the spider in its workspace, e.g. 'python3 main.py'");
        Map<String, String> files = checkFiles(request.files(), errors);
        checkEnv("env", request.env(), errors);
        errors.throwIfAny();
        try {
            return spiders.create(new NewSpider(name, request.description(), request.command().trim(), files,
                    request.env()));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("a spider named '" + name + "' exists already");
        }
    }

    /** The spider with this id, or if {@code ref} is not a number, with this name. */
    public Spider find(String ref) {
        return findOrNull(ref).orElseThrow(() -> ApiException.notFound("no spider with id or name '" + ref + "'"));
    }

    public java.util.Optional<Spider> findOrNull(String ref) {
        return isId(ref) ? spiders.find(Long.parseLong(ref)) : spiders.findByName(ref);
    }

    public Page<Spider> list(int page, int size) {
        return spiders.list(page, size);
    }

    /** Checks environment variable names and values; shared with run requests. */
    public static void checkEnv(String field, Map<String, String> env, FieldErrors errors) {
        if (env == null) {
            return;
        }
        env.forEach((key, value) -> {
            errors.require(key != null && ENV_NAME.matcher(key).matches(), field,
                    "'" + key + "' is not a valid environment variable name");
            errors.require(value != null && value.indexOf('\0') < 0, field + "." + key,
                    "must be a string without NUL characters");
        });
    }

    private static Map<String, String> checkFiles(Map<String, String> files, FieldErrors errors) {
        Map<String, String> checked = new LinkedHashMap<>();
        if (files == null) {
            return checked;
        }
        errors.require(files.size() <= MAX_FILES, "files", "at most " + MAX_FILES + " files, not " + files.size());
        long bytes = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            try {
                String path = SpiderFilePath.check(file.getKey());
                if (file.getValue() == null) {
                    errors.add("files." + path, "must be the file's text, not null");
                    continue;
                }
                if (checked.put(path, file.getValue()) != null) {
                    errors.add("files." + path, "is given twice under different spellings");
                }
                bytes += file.getValue().getBytes(StandardCharsets.UTF_8).length;
            } catch (IllegalArgumentException e) {
                errors.add("files", e.getMessage());
            }
        }
        errors.require(bytes <= MAX_INLINE_BYTES, "files",
                "inline files may hold at most " + MAX_INLINE_BYTES + " bytes in all, not " + bytes);
        return checked;
    }

    private static boolean isId(String ref) {
        return !ref.isEmpty() && ref.length() < 19 && ref.chars().allMatch(Character::isDigit);
    }
}
