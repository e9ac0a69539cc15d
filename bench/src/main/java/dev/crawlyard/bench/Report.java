package dev.crawlyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark's output: a table for people and a JSON file for comparing runs. */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> machine;
    private final List<Figure> figures;

    Report(Map<String, Object> machine, List<Figure> figures) {
        this.machine = machine;
        this.figures = figures;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-26s %-9s %12s %12s %8s  %-30s%n", "scenario", "metric", "value",
                "ceiling", "ratio", "goal"));
        for (Figure figure : figures) {
            // A rate's unit holds "/s" ("tasks/s", "tasks/s beside …"); every other figure is a time or a size.
            boolean rate = figure.metric().contains("/s");
            out.append(String.format(Locale.ROOT, "%-26s %-9s %12s %12s %8s  %-30s%n", figure.scenario(),
                    figure.metric(), number(figure.value()), number(figure.ceiling()),
                    Double.isNaN(figure.ratio(rate)) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * figure.ratio(rate)),
                    figure.goal()));
        }
        out.append("\nHow each was measured:\n");
        figures.stream().filter(f -> !f.note().isBlank())
                .forEach(f -> out.append("- ").append(f.scenario()).append(" (").append(f.metric()).append("): ")
                        .append(f.note()).append('\n'));
        out.append("\nMachine: ").append(machine).append('\n');
        return out.toString();
    }

    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> body = new LinkedHashMap<>(machine);
        body.put("figures", figures.stream().map(f -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", f.scenario());
            row.put("metric", f.metric());
            row.put("value", Double.isNaN(f.value()) ? null : f.value());
            row.put("ceiling", Double.isNaN(f.ceiling()) ? null : f.ceiling());
            row.put("goal", f.goal());
            row.put("note", f.note());
            return row;
        }).toList());
        Path file = directory.resolve("bench-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        return file;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
