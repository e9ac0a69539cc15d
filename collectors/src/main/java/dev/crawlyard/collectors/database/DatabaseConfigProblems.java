package dev.crawlyard.collectors.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a database collector config's JSON Schema cannot say: a query or a table (one of them), a
 * key for a table target, no credentials in a JDBC URL.
 */
public final class DatabaseConfigProblems {

    private DatabaseConfigProblems() {
    }

    /** One problem, at a path under the config. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    public static List<Problem> of(DatabaseConfig config) {
        List<Problem> problems = new ArrayList<>();
        if ((config.query() == null) == (config.table() == null)) {
            problems.add(new Problem("query", "give either query (a SELECT) or table, not both and not neither"));
        }
        if (config.target().isTable() && config.key().isEmpty()) {
            problems.add(new Problem("key", "required for a table target: the columns the rows are upserted by"));
        }
        credentialsInUrl(problems, "source.url", config.source().url());
        if (config.target().connection() != null) {
            credentialsInUrl(problems, "target.url", config.target().connection().url());
        }
        return problems;
    }

    private static void credentialsInUrl(List<Problem> problems, String path, String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=") || lower.contains("user=") || lower.matches("jdbc:[a-z0-9]+://[^/]*@.*")) {
            problems.add(new Problem(path, "holds credentials; name the environment variables that hold them in"
                    + " userEnv and passwordEnv instead, so that they stay out of the API and the logs"));
        }
    }
}
