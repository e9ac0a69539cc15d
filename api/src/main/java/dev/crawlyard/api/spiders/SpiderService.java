package dev.crawlyard.api.spiders;

import dev.crawlyard.api.containers.ContainerRequest;
import dev.crawlyard.workflows.task.ContainerSpec;
import dev.crawlyard.api.Bounds;
import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.api.spidertypes.SpiderConfigs;
import dev.crawlyard.collectors.api.ApiCollectorMain;
import dev.crawlyard.collectors.crawler.CrawlerMain;
import dev.crawlyard.collectors.database.DatabaseCollectorMain;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.spiders.NewSpider;
import dev.crawlyard.store.spiders.RunSettings;
import dev.crawlyard.store.spiders.Spider;
import dev.crawlyard.store.spiders.SpiderStore;
import dev.crawlyard.workflows.files.SpiderFilePath;
import dev.crawlyard.workflows.task.DedupMode;
import dev.crawlyard.workflows.task.SpiderType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** A built-in type's config is a page of settings, not data. */
    private static final int MAX_CONFIG_CHARS = 256 * 1024;

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final SpiderStore spiders;
    private final SpiderConfigs configs;

    SpiderService(SpiderStore spiders, SpiderConfigs configs) {
        this.spiders = spiders;
        this.configs = configs;
    }

    /** The spider as the API shows it, with its container. */
    public SpiderView view(Spider spider) {
        return SpiderView.of(spider);
    }

    public Spider create(CreateSpiderRequest request) {
        NewSpider checked = check(request);
        try {
            return spiders.create(checked);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("a spider named '" + checked.name() + "' exists already");
        } catch (IllegalArgumentException e) {
            // What only the whole set of files can show, such as a path that is a file and a directory.
            throw ApiException.invalid(List.of(new ApiError.FieldError("files", e.getMessage())));
        }
    }

    /**
     * Changes the fields the request gives, checked as a new spider's are (the whole spider as it
     * would be after the change). Runs that start afterwards use the new values.
     */
    public Spider update(String ref, UpdateSpiderRequest request) {
        Spider current = find(ref);
        // The container is not among what a PATCH changes: the merged request has none, and the spider keeps its own.
        NewSpider changed = check(merged(current, request));
        try {
            return spiders.update(current.id(), changed)
                    .orElseThrow(() -> ApiException.notFound("spider '" + ref + "' was deleted meanwhile"));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("a spider named '" + changed.name() + "' exists already");
        }
    }

    /** The spider as a creation request, with the update's fields in place of its own. */
    private static CreateSpiderRequest merged(Spider spider, UpdateSpiderRequest change) {
        var settings = spider.settings();
        boolean command = spider.type() == SpiderType.COMMAND;
        return new CreateSpiderRequest(
                or(change.name(), spider.name()),
                or(change.description(), spider.description()),
                command ? or(change.command(), spider.command()) : change.command(),
                null,
                or(change.env(), spider.env()),
                or(change.runtimeLimitSeconds(), settings.runtimeLimit().toSeconds()),
                or(change.memoryLimitMb(), settings.memoryLimitBytes() / (1024 * 1024)),
                or(change.maxAttempts(), settings.maxAttempts()),
                or(change.retryBackoffSeconds(), settings.retryBackoff().toSeconds()),
                or(change.dedupField(), settings.dedupField()),
                or(change.dedupMode(), settings.dedupMode().wireName()),
                or(change.installCommand(), settings.installCommand()),
                spider.type().wireName(),
                change.config() != null ? change.config()
                        : spider.config() == null ? null : JSON.readTree(spider.config()),
                null);
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    /** The request checked: every problem at once as a 400, or the spider to store. */
    private NewSpider check(CreateSpiderRequest request) {
        FieldErrors errors = new FieldErrors();
        String name = request.name() == null ? "" : request.name().trim();
        errors.require(NAME.matcher(name).matches(), "name",
                "required: 1-100 letters, digits, '.', '_' or '-', starting with a letter");
        SpiderType type = typeOf(request.type(), errors);
        String command = null;
        String config = null;
        if (type == SpiderType.COMMAND) {
            errors.require(request.command() != null && !request.command().isBlank(), "command",
                    "required: the shell command that starts the spider in its workspace, e.g. 'python3 main.py'");
            errors.require(request.config() == null || request.config().isNull(), "config",
                    "only a built-in type (type 'crawler', 'api' or 'database') has a config; a command spider reads its own files");
            errors.text("command", request.command(), Bounds.MAX_COMMAND_LENGTH);
            command = request.command() == null ? null : request.command().trim();
        } else if (type != null) {
            errors.require(request.command() == null, "command",
                    "a " + type.wireName() + " spider runs the node's built-in program; leave the command out");
            errors.require(request.installCommand() == null, "installCommand",
                    "a " + type.wireName() + " spider needs nothing installed; leave installCommand out");
            configs.check(type, request.config()).forEach(error -> errors.add(error.field(), error.message()));
            command = switch (type) {
                case API -> ApiCollectorMain.COMMAND;
                case DATABASE -> DatabaseCollectorMain.COMMAND;
                default -> CrawlerMain.COMMAND;
            };
            config = request.config() == null ? null : request.config().toString();
            errors.require(config == null || config.length() <= MAX_CONFIG_CHARS, "config",
                    "may hold at most " + MAX_CONFIG_CHARS + " characters of JSON");
        }
        errors.text("description", request.description(), Bounds.MAX_DESCRIPTION_LENGTH);
        Map<String, String> files = checkFiles(request.files(), errors);
        checkEnv("env", request.env(), errors);
        long envBytes = errors.textMap("env", request.env(), Bounds.MAX_KEY_LENGTH, Bounds.MAX_RUN_INPUT_BYTES);
        errors.require(envBytes <= Bounds.MAX_RUN_INPUT_BYTES, "env",
                "may hold at most " + Bounds.MAX_RUN_INPUT_BYTES + " bytes, not " + envBytes);
        RunSettings settings = settings(request, errors);
        ContainerSpec container = ContainerRequest.check("container", request.container(), errors);
        errors.require(request.container() == null || type == null || type == SpiderType.COMMAND, "container",
                "a built-in type runs the node's own program, not in a container; only a command spider has one");
        errors.throwIfAny();
        return new NewSpider(name, request.description(), command, files, request.env(), settings, type, config,
                container);
    }

    private static SpiderType typeOf(String type, FieldErrors errors) {
        try {
            return SpiderType.fromWireName(type);
        } catch (IllegalArgumentException e) {
            errors.add("type", "must be 'command' (the default), 'crawler', 'api' or 'database', not '" + type + "'");
            return null;
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

    private static RunSettings settings(CreateSpiderRequest request, FieldErrors errors) {
        long runtime = request.runtimeLimitSeconds() == null ? 0 : request.runtimeLimitSeconds();
        long memory = request.memoryLimitMb() == null ? 0 : request.memoryLimitMb();
        int attempts = request.maxAttempts() == null ? 1 : request.maxAttempts();
        long backoff = request.retryBackoffSeconds() == null ? 5 : request.retryBackoffSeconds();
        errors.range("runtimeLimitSeconds", runtime, 0, Bounds.MAX_RUNTIME_LIMIT_SECONDS);
        errors.require(memory == 0 || (memory >= Bounds.MIN_MEMORY_LIMIT_MB && memory <= Bounds.MAX_MEMORY_LIMIT_MB),
                "memoryLimitMb", "must be 0 (no limit) or between " + Bounds.MIN_MEMORY_LIMIT_MB + " (less cannot start"
                        + " a shell) and " + Bounds.MAX_MEMORY_LIMIT_MB + ", not " + memory);
        errors.range("maxAttempts", attempts, 1, Bounds.MAX_ATTEMPTS);
        errors.range("retryBackoffSeconds", backoff, 0, Bounds.MAX_RETRY_BACKOFF_SECONDS);
        errors.text("dedupField", request.dedupField(), 200);
        errors.text("installCommand", request.installCommand(), Bounds.MAX_COMMAND_LENGTH);
        if (errors.any()) {
            // Nothing below is used when there are errors; the limits above keep the arithmetic from overflowing.
            return null;
        }
        DedupMode mode = DedupMode.IGNORE;
        if (request.dedupMode() != null) {
            try {
                mode = DedupMode.fromWireName(request.dedupMode());
            } catch (IllegalArgumentException e) {
                errors.add("dedupMode", "must be 'ignore' or 'overwrite'");
            }
        }
        errors.require(request.dedupField() == null || request.dedupField().matches("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*"),
                "dedupField", "must be a field name, or a dotted path such as 'meta.url'");
        if (errors.any()) {
            return null;
        }
        return new RunSettings(Duration.ofSeconds(Math.max(0, runtime)), Math.max(0, memory) * 1024 * 1024, attempts,
                Duration.ofSeconds(Math.max(0, backoff)), request.dedupField(), mode, request.installCommand());
    }

    /**
     * Checks environment variable names; shared with run requests and schedules. Values are texts,
     * checked with {@link FieldErrors#textMap}.
     */
    public static void checkEnv(String field, Map<String, String> env, FieldErrors errors) {
        if (env == null) {
            return;
        }
        env.keySet().forEach(key -> errors.require(key != null && key.length() <= Bounds.MAX_KEY_LENGTH
                && ENV_NAME.matcher(key).matches(), field, "'" + (key == null ? "" : key.length() > 40
                        ? key.substring(0, 40) + "..." : key) + "' is not a valid environment variable name"));
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
