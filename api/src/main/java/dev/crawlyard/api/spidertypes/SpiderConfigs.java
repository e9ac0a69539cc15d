package dev.crawlyard.api.spidertypes;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.collectors.crawler.ConfigProblems;
import dev.crawlyard.collectors.crawler.CrawlerConfig;
import dev.crawlyard.workflows.task.SpiderType;
import dev.crawlyard.collectors.api.ApiConfig;
import dev.crawlyard.collectors.api.ApiConfigProblems;
import dev.crawlyard.collectors.database.DatabaseConfig;
import dev.crawlyard.collectors.database.DatabaseConfigProblems;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in types' configs: their published JSON Schemas, and the check of a config against its
 * type's schema (networknt's validator) and then what only the type itself can check (that
 * selectors and regular expressions compile). Every problem is a field error with its path under
 * {@code config}, e.g. {@code config.fields.price.selector}.
 */
@Component
public class SpiderConfigs {

    /** A built-in type: its schema's text and compiled form, and its own checks past the schema. */
    private record BuiltIn(String schemaText, Schema schema, Function<JsonNode, List<ApiError.FieldError>> problems) {
    }

    private final JsonMapper json;
    private final Map<SpiderType, BuiltIn> types = new EnumMap<>(SpiderType.class);

    SpiderConfigs(JsonMapper json) {
        this.json = json;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        String crawler = CrawlerConfig.schema();
        types.put(SpiderType.CRAWLER, new BuiltIn(crawler, registry.getSchema(json.readTree(crawler)),
                config -> ConfigProblems.of(CrawlerConfig.of(config)).stream()
                        .map(p -> new ApiError.FieldError("config." + p.path(), p.message())).toList()));
        String api = ApiConfig.schema();
        types.put(SpiderType.API, new BuiltIn(api, registry.getSchema(json.readTree(api)),
                config -> ApiConfigProblems.of(ApiConfig.of(config)).stream()
                        .map(p -> new ApiError.FieldError("config." + p.path(), p.message())).toList()));
        String database = DatabaseConfig.schema();
        types.put(SpiderType.DATABASE, new BuiltIn(database, registry.getSchema(json.readTree(database)),
                config -> DatabaseConfigProblems.of(DatabaseConfig.of(config)).stream()
                        .map(p -> new ApiError.FieldError("config." + p.path(), p.message())).toList()));
    }

    /** The built-in types, which have a config. */
    public java.util.Set<SpiderType> builtIn() {
        return types.keySet();
    }

    /** The JSON Schema of a built-in type's config. */
    public JsonNode schema(SpiderType type) {
        return json.readTree(builtInOf(type).schemaText());
    }

    private BuiltIn builtInOf(SpiderType type) {
        BuiltIn builtIn = types.get(type);
        if (builtIn == null) {
            throw new IllegalArgumentException("a " + type.wireName() + " spider has no config");
        }
        return builtIn;
    }

    /** Every problem of {@code config} as a config of {@code type}; empty if it can run. */
    public List<ApiError.FieldError> check(SpiderType type, JsonNode config) {
        List<ApiError.FieldError> errors = new ArrayList<>();
        if (config == null || config.isNull() || config.isMissingNode()) {
            errors.add(new ApiError.FieldError("config", "required for a " + type.wireName()
                    + " spider: an object as GET /api/spider-types/" + type.wireName() + "/schema describes"));
            return errors;
        }
        Set<String> seen = new LinkedHashSet<>();
        BuiltIn builtIn = builtInOf(type);
        for (Error error : builtIn.schema().validate(config)) {
            String path = pathOf(error);
            String message = error.getMessage();
            // The validator starts its messages with the instance's location; the field says that already.
            String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
            if (message.startsWith(location + ": ")) {
                message = message.substring(location.length() + 2);
            }
            if (seen.add(path + "\u0000" + message)) {
                errors.add(new ApiError.FieldError(path, message));
            }
        }
        if (errors.isEmpty()) {
            errors.addAll(builtIn.problems().apply(config));
        }
        return errors;
    }

    /** The error's place as a path under {@code config}: {@code config.startUrls[0]}, {@code config.fields.price}. */
    private static String pathOf(Error error) {
        StringBuilder path = new StringBuilder("config");
        NodePath location = error.getInstanceLocation();
        for (int i = 0; location != null && i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Number index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(element);
            }
        }
        // A missing or unknown member is reported at its object; the member is the field.
        if (error.getProperty() != null && Set.of("required", "additionalProperties", "unevaluatedProperties",
                "dependentRequired").contains(error.getKeyword())) {
            path.append('.').append(error.getProperty());
        }
        return path.toString();
    }
}
