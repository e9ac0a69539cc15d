package dev.crawlyard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs of the same scenario folded into one row per figure: the median of the values and of the
 * ceilings, each row's note naming every run's value, so the spread stands beside the median.
 */
final class Repeated {

    private Repeated() {
    }

    /** The figures of {@code runs} (one list per run of one scenario), folded figure by figure. */
    static List<Figure> fold(List<List<Figure>> runs) {
        if (runs.size() == 1) {
            return runs.getFirst();
        }
        Map<String, List<Figure>> byFigure = new LinkedHashMap<>();
        for (List<Figure> run : runs) {
            for (Figure figure : run) {
                byFigure.computeIfAbsent(figure.scenario() + "\u0000" + figure.metric(), k -> new ArrayList<>())
                        .add(figure);
            }
        }
        List<Figure> folded = new ArrayList<>();
        for (List<Figure> same : byFigure.values()) {
            Figure first = same.getFirst();
            List<Double> values = same.stream().map(Figure::value).toList();
            double median = median(values);
            // Each run's value, with its ratio to the ceiling of the same run where there is one.
            String spread = same.stream().map(f -> number(f.value()) + (Double.isNaN(f.ceiling()) || f.ceiling() == 0
                    ? "" : " (" + Math.round(100 * f.value() / f.ceiling()) + "%)")).collect(Collectors.joining(" / "));
            // The note of the run that gave the median, where one did: it describes that run.
            Figure middle = same.stream().filter(f -> f.value() == median).findFirst().orElse(first);
            folded.add(new Figure(first.scenario(), first.metric(), median,
                    median(same.stream().map(Figure::ceiling).toList()), first.goal(),
                    "median of " + same.size() + " runs (" + spread + "); " + middle.note()));
        }
        return folded;
    }

    static double median(List<Double> values) {
        List<Double> known = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (known.isEmpty()) {
            return Double.NaN;
        }
        int middle = known.size() / 2;
        return known.size() % 2 == 1 ? known.get(middle) : (known.get(middle - 1) + known.get(middle)) / 2;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }
}
