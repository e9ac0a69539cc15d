package dev.crawlyard.api.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The services of a docker compose file, as far as these tests need them. YAML anchors and merge
 * keys ({@code <<: *worker}) are resolved by the parser, so each service carries its full
 * environment; {@code ${...}} references are left as written, because only names are checked.
 */
final class ComposeFile {

    /** The compose stack, relative to the api module, which is where Maven runs its tests. */
    static final Path STACK = Path.of("..", "compose", "docker-compose.yml");

    private ComposeFile() {
    }

    /**
     * One service.
     *
     * @param name        the service's name
     * @param buildTarget the Dockerfile target it is built from, or blank if it runs a pulled image
     * @param environment its environment variables by name, in either of compose's two notations
     * @param volumes     its mounts as {@code target → source}; the source of an anonymous volume is blank
     */
    record Service(String name, String buildTarget, Map<String, String> environment, Map<String, String> volumes) {
    }

    static List<Service> services(Path file) throws IOException {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        List<Service> services = new ArrayList<>();
        mapAt(document, "services").forEach((name, definition) -> {
            Map<String, Object> service = asMap(definition);
            services.add(new Service(name, buildTarget(service), environment(service), volumes(service)));
        });
        return services;
    }

    private static String buildTarget(Map<String, Object> service) {
        Object build = service.get("build");
        if (build instanceof Map<?, ?> map && map.get("target") != null) {
            return String.valueOf(map.get("target"));
        }
        return "";
    }

    /** Both {@code KEY: value} and {@code - KEY=value} notations; a bare {@code - KEY} has an empty value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((key, value) -> environment.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (declared instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                environment.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        }
        return environment;
    }

    /** Both the short notation ({@code source:target[:mode]}) and the long one (a map with source and target). */
    private static Map<String, String> volumes(Map<String, Object> service) {
        Map<String, String> volumes = new LinkedHashMap<>();
        if (service.get("volumes") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    volumes.put(String.valueOf(map.get("target")), map.get("source") == null ? "" : String.valueOf(map.get("source")));
                } else {
                    String[] parts = String.valueOf(entry).split(":");
                    volumes.put(parts.length > 1 ? parts[1] : parts[0], parts.length > 1 ? parts[0] : "");
                }
            }
        }
        return volumes;
    }

    private static Map<String, Object> mapAt(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        if (child == null) {
            throw new IllegalStateException("the compose file has no '" + key + "' section");
        }
        return asMap(child);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException("expected a mapping in the compose file, found " + value);
        }
        return (Map<String, Object>) value;
    }
}
