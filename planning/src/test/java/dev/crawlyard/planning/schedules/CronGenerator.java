package dev.crawlyard.planning.schedules;

import java.util.SplittableRandom;

/** Cron expressions made at random from the pieces users write, valid and not. */
final class CronGenerator {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final String[] ODD = {"L", "?", "W", "#", "", "-1", "99", "1-", "LW", "1#2", "15W", "0/5"};

    private CronGenerator() {
    }

    static String expression(SplittableRandom random) {
        return field(random, 0, 59, null) + " " + field(random, 0, 23, null) + " " + field(random, 1, 31, null) + " "
                + field(random, 1, 12, MONTHS) + " " + field(random, 0, 7, DAYS);
    }

    private static String field(SplittableRandom random, int min, int max, String[] names) {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return "*";
        }
        int items = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                field.append(',');
            }
            field.append(item(random, min, max, names));
        }
        return field.toString();
    }

    private static String item(SplittableRandom random, int min, int max, String[] names) {
        int kind = random.nextInt(100);
        if (kind < 3) {
            return ODD[random.nextInt(ODD.length)];
        }
        if (kind < 20) {
            return "*/" + (1 + random.nextInt(max));
        }
        int a = min + random.nextInt(max - min + 1);
        if (kind < 60) {
            return value(random, a, min, names);
        }
        int b = a + random.nextInt(max - a + 1);
        String range = value(random, a, min, names) + "-" + value(random, b, min, names);
        return kind < 85 ? range : range + "/" + (1 + random.nextInt(Math.max(1, b - a + 1)));
    }

    private static String value(SplittableRandom random, int value, int min, String[] names) {
        int offset = names == DAYS ? 0 : 1;
        if (names != null && random.nextBoolean() && value - offset >= 0 && value - offset < names.length) {
            return names[value - offset];
        }
        return Integer.toString(value);
    }
}
