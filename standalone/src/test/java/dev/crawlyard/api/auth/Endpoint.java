package dev.crawlyard.api.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * One method and path pattern the API serves, as its controllers map it, so that a test over every
 * endpoint covers the ones added after it was written.
 *
 * @param method  the HTTP method
 * @param pattern the path pattern, e.g. {@code /api/tasks/{id}/cancel}
 */
record Endpoint(String method, String pattern) {

    /** Every endpoint under /api, each method of each mapping once, in a stable order. */
    static List<Endpoint> all(RequestMappingHandlerMapping mapping) {
        TreeSet<Endpoint> endpoints = new TreeSet<>(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                if (info.getMethodsCondition().getMethods().isEmpty()) {
                    throw new AssertionError(pattern + " is mapped for every method: give it one, so that the"
                            + " security rules (reads are GET) hold for it");
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints.add(new Endpoint(method.name(), pattern));
                }
            }
        }
        return new ArrayList<>(endpoints);
    }

    boolean isRead() {
        return method.equals("GET");
    }

    boolean isHealth() {
        return pattern.equals("/api/health");
    }

    /** Swagger UI's page, which answers a read with a redirect to its index under /api. */
    boolean isDocsPage() {
        return pattern.equals("/api/docs");
    }

    boolean isTokens() {
        return pattern.startsWith("/api/tokens");
    }

    /** The crawler program's calls on its crawl, open to a crawler task's own token only. */
    boolean isCrawl() {
        return pattern.startsWith("/api/v1/crawl/");
    }

    boolean isMonitoring() {
        return pattern.startsWith("/api/v1/monitoring/");
    }

    /** The pattern with every variable written {@code {}}, to compare with the README's spelling. */
    String normalized() {
        return method + " " + pattern.replaceAll("\\{[^}]*}", "{}");
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
