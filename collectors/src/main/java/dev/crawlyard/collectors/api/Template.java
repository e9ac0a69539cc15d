package dev.crawlyard.collectors.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The config's placeholders: {@code {name}} is the run parameter {@code name}, {@code {state.name}}
 * the saved state's member {@code name}. A placeholder with no value is a config error, so that a
 * request never goes out half-filled.
 */
final class Template {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(state\\.)?([A-Za-z_][A-Za-z0-9_-]{0,99})}");

    private final Map<String, String> params;
    private final JsonNode state;

    Template(Map<String, String> params, JsonNode state) {
        this.params = params;
        this.state = state;
    }

    /** Thrown for a placeholder without a value. */
    static final class MissingValue extends RuntimeException {
        MissingValue(String message) {
            super(message);
        }
    }

    /** The placeholders {@code text} names, as written ({@code name} or {@code state.name}). */
    static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add((matcher.group(1) == null ? "" : "state.") + matcher.group(2));
        }
        return names;
    }

    /** {@code text} with its placeholders filled, each value URL-encoded if {@code encode}. */
    String fill(String text, boolean encode) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = valueOf(matcher.group(1) != null, matcher.group(2));
            String replacement = encode ? URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20") : value;
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A JSON body with the placeholders of its strings filled. */
    JsonNode fill(JsonNode body) {
        if (body == null) {
            return null;
        }
        if (body.isString()) {
            return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(fill(body.asString(), false));
        }
        if (body.isObject()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.properties().forEach(e -> copy.set(e.getKey(), fill(e.getValue())));
            return copy;
        }
        if (body.isArray()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            body.forEach(element -> copy.add(fill(element)));
            return copy;
        }
        return body;
    }

    private String valueOf(boolean fromState, String name) {
        if (fromState) {
            JsonNode value = state == null ? null : state.get(name);
            if (value == null || value.isNull()) {
                throw new MissingValue("the placeholder {state." + name + "} has no value: the spider's state has no '"
                        + name + "' (set it with PUT /api/spiders/{ref}/state, or let a run save it)");
            }
            return value.isValueNode() ? value.asString() : value.toString();
        }
        String value = params.get(name);
        if (value == null) {
            throw new MissingValue("the placeholder {" + name + "} has no value: run the spider with the parameter '"
                    + name + "'");
        }
        return value;
    }
}
