package dev.crawlyard.collectors.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an API collector config's JSON Schema cannot say: that its placeholders are well formed,
 * that a GET has no body, that a page-number or offset parameter does not clash with the config's
 * query, that the incremental parameter is not a paging one.
 */
public final class ApiConfigProblems {

    private ApiConfigProblems() {
    }

    /** One problem, at a path under the config ({@code url}, {@code pagination.param}). */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    public static List<Problem> of(ApiConfig config) {
        List<Problem> problems = new ArrayList<>();
        String stripped = Template.PLACEHOLDER.matcher(config.url()).replaceAll("x");
        if (stripped.contains("{") || stripped.contains("}")) {
            problems.add(new Problem("url", "has a '{' or '}' that is no placeholder: placeholders are {name} (a run"
                    + " parameter) or {state.name} (a member of the spider's state)"));
        } else {
            try {
                java.net.URI uri = java.net.URI.create(stripped);
                if (uri.getHost() == null) {
                    problems.add(new Problem("url", "has no host"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("url", "is not a URL: " + e.getMessage()));
            }
        }
        if (config.body() != null && config.method().equals("GET")) {
            problems.add(new Problem("body", "a GET request has no body: use POST, PUT or PATCH"));
        }
        ApiConfig.Paging paging = config.paging();
        Set<String> pagingParams = new java.util.HashSet<>();
        if (Set.of("page", "offset", "cursor").contains(paging.type()) && paging.param() != null) {
            pagingParams.add(paging.param());
        }
        if (paging.limitParam() != null && Set.of("page", "offset").contains(paging.type())) {
            pagingParams.add(paging.limitParam());
        }
        for (String param : pagingParams) {
            if (config.query().containsKey(param)) {
                problems.add(new Problem("query." + param, "is the pagination's own parameter; leave it out of query"));
            }
        }
        if (config.incremental() != null && config.incremental().param() != null
                && (pagingParams.contains(config.incremental().param())
                        || config.query().containsKey(config.incremental().param()))) {
            problems.add(new Problem("incremental.param", "is already a query or pagination parameter"));
        }
        if (config.fields() != null && config.fields().isEmpty()) {
            problems.add(new Problem("fields", "maps no field"));
        }
        return problems;
    }
}
