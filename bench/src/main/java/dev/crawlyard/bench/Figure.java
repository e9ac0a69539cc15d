package dev.crawlyard.bench;

/**
 * One row of the report: a measured figure beside the ceiling that bounds it, measured in the
 * same run, and the goal it is held to.
 *
 * @param scenario what was measured
 * @param metric   the figure's name and unit
 * @param value    the figure, or NaN if the scenario could not run
 * @param ceiling  the same work done the fastest way there is, or NaN where none applies
 * @param goal     the target, in words
 * @param note     how it was measured, or why it was not
 */
record Figure(String scenario, String metric, double value, double ceiling, String goal, String note) {

    /** value / ceiling, for rates where more is better; ceiling / value for latencies. */
    double ratio(boolean higherIsBetter) {
        if (Double.isNaN(value) || Double.isNaN(ceiling) || value == 0 || ceiling == 0) {
            return Double.NaN;
        }
        return higherIsBetter ? value / ceiling : ceiling / value;
    }
}
