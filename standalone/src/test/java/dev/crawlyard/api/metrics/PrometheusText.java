package dev.crawlyard.api.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), as a scraper reads it: it
 * refuses a line that is not a comment or a well-formed sample, a sample of a family whose TYPE was not
 * declared before it, and a histogram whose buckets are not cumulative or whose +Inf bucket is not its
 * count.
 */
final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(.*)})? (NaN|[+-]Inf|[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\",?");

    /** One sample: its name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw new IllegalArgumentException("line " + number + ": a second TYPE for " + type.group(1));
                    }
                } else if (!line.startsWith("# HELP ") && !line.startsWith("# ")) {
                    throw new IllegalArgumentException("line " + number + ": not a comment: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + number + ": not a sample: " + line);
            }
            String name = sample.group(1);
            if (family(name, types) == null) {
                throw new IllegalArgumentException("line " + number + ": no TYPE declared before " + name);
            }
            samples.add(new Sample(name, labels(sample.group(3), number), value(sample.group(4))));
        }
        PrometheusText parsed = new PrometheusText(samples);
        types.forEach((family, type) -> {
            if (type.equals("histogram")) {
                parsed.checkHistogram(family);
            }
        });
        return parsed;
    }

    /** The value of the one sample with this name and these labels (others may be present), or 0 if none. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (found.size() > 1) {
            throw new IllegalArgumentException(found.size() + " samples match " + name + labels + ": " + found);
        }
        return found.isEmpty() ? 0 : found.getFirst().value();
    }

    boolean has(String name, Map<String, String> labels) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name)
                && sample.labels().entrySet().containsAll(labels.entrySet()));
    }

    List<Sample> samples() {
        return samples;
    }

    private void checkHistogram(String family) {
        Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
        for (Sample sample : samples) {
            if (sample.name().equals(family + "_bucket")) {
                Map<String, String> rest = new HashMap<>(sample.labels());
                if (rest.remove("le") == null) {
                    throw new IllegalArgumentException(family + "_bucket without le: " + sample);
                }
                series.computeIfAbsent(rest, key -> new ArrayList<>()).add(sample);
            }
        }
        series.forEach((labels, buckets) -> {
            double previous = 0;
            for (Sample bucket : buckets) {
                if (bucket.value() < previous) {
                    throw new IllegalArgumentException(family + labels + ": buckets are not cumulative at " + bucket);
                }
                previous = bucket.value();
            }
            Sample last = buckets.getLast();
            if (!last.labels().get("le").equals("+Inf") || last.value() != value(family + "_count", labels)) {
                throw new IllegalArgumentException(family + labels + ": the +Inf bucket is not the count");
            }
        });
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : Set.of("_total", "_bucket", "_count", "_sum", "_created", "_max")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, int number) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int end = 0;
        while (label.find() && label.start() == end) {
            labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
            end = label.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("line " + number + ": malformed labels: {" + text + "}");
        }
        return labels;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
