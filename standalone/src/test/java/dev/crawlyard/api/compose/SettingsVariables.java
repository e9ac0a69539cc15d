package dev.crawlyard.api.compose;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The environment variables that set the components of {@code @ConfigurationProperties} records,
 * derived from the records themselves, so that a new or renamed setting needs no list updated by hand.
 * Spring binds {@code CRAWLYARD_NODE_WORK_DIR} to {@code crawlyard.node.work-dir}: the property
 * name in upper case with dots and dashes as underscores, which is what {@link #of} produces.
 */
final class SettingsVariables {

    private SettingsVariables() {
    }

    @SafeVarargs
    static Set<String> of(Class<? extends Record>... settings) {
        Set<String> variables = new TreeSet<>();
        for (Class<? extends Record> record : settings) {
            properties(record).stream().map(SettingsVariables::variable).forEach(variables::add);
        }
        return variables;
    }

    /** The record's settings as named in property files: {@code crawlyard.node.work-dir}. */
    private static List<String> properties(Class<? extends Record> record) {
        String prefix = prefix(record);
        return Arrays.stream(record.getRecordComponents())
                .map(component -> prefix + "." + kebabCase(component.getName()))
                .toList();
    }

    /** The record's prefix, from its {@code @ConfigurationProperties}. */
    static String prefix(Class<? extends Record> record) {
        ConfigurationProperties annotation = record.getAnnotation(ConfigurationProperties.class);
        if (annotation == null) {
            throw new IllegalArgumentException(record.getName() + " is not a @ConfigurationProperties record");
        }
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }

    /** {@code shutdownGracePeriod} → {@code shutdown-grace-period}, as settings are named in files and docs. */
    static String kebabCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** {@code crawlyard.node.work-dir} → {@code CRAWLYARD_NODE_WORK_DIR}. */
    static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
