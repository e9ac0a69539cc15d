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
import java.util.ArrayList;
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

    private final JsonMapper json;
    private final String crawlerSchemaText;
    private final Schema crawlerSchema;

    SpiderConfigs(JsonMapper json) {
        this.json = json;
        this.crawlerSchemaText = CrawlerConfig.schema();
        this.crawlerSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(json.readTree(crawlerSchemaText));
    }

    /** The JSON Schema of a built-in type's config. */
    public JsonNode schema(SpiderType type) {
        if (type != SpiderType.CRAWLER) {
            throw new IllegalArgumentException("a " + type.wireName() + " spider has no config");
        }
        return json.readTree(crawlerSchemaText);
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
        for (Error error : crawlerSchema.validate(config)) {
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
            for (ConfigProblems.Problem problem : ConfigProblems.of(CrawlerConfig.of(config))) {
                errors.add(new ApiError.FieldError("config." + problem.path(), problem.message()));
            }
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
