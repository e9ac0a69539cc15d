package dev.crawlyard.api.tasks;

import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.store.tasks.Task;
import java.util.Locale;

/**
 * Which attempts of a task a read shows, from {@code ?attempt=N} or {@code ?attempts=all}: by
 * default the last one, which holds what the task ended with; an earlier one (say, the one a lost
 * node took with it) by its number; or all of them.
 *
 * @param attempt the one attempt, or null for all of them
 */
public record AttemptChoice(Integer attempt) {

    /** Every attempt. */
    public static final AttemptChoice ALL = new AttemptChoice(null);

    /**
     * The choice the parameters make for {@code task}: a 400 for a bad or contradictory choice, a 404
     * for an attempt the task never had.
     */
    public static AttemptChoice of(Task task, Integer attempt, String attempts) {
        boolean all = parseAll(attempts);
        if (attempt == null) {
            return all ? ALL : new AttemptChoice(task.attempt());
        }
        if (all) {
            throw ApiException.badRequest("give either attempt=N or attempts=all, not both");
        }
        if (attempt < 1) {
            throw ApiException.badRequest("attempt must be 1 or more, not " + attempt);
        }
        if (attempt > task.attempt()) {
            throw ApiException.notFound("task " + task.id() + " has no attempt " + attempt + " (it has had "
                    + task.attempt() + ")");
        }
        return new AttemptChoice(attempt);
    }

    /** Whether {@code attempts} asks for every attempt: "all", or "last" (the default) for the last only. */
    public static boolean parseAll(String attempts) {
        if (attempts == null || attempts.isBlank() || attempts.trim().equalsIgnoreCase("last")) {
            return false;
        }
        if (attempts.trim().toLowerCase(Locale.ROOT).equals("all")) {
            return true;
        }
        throw ApiException.badRequest("attempts must be 'all' or 'last', not '" + attempts + "'");
    }
}
