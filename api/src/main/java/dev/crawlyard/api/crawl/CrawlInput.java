package dev.crawlyard.api.crawl;

import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.store.crawl.FoundUrl;
import dev.crawlyard.store.crawl.FrontierStore;
import dev.crawlyard.store.crawl.PageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks what a crawler sends before any of it is stored: a task token is a spider's credential,
 * so its calls get the same strictness as a user's. A bad call is a 400 and changes nothing.
 */
final class CrawlInput {

    static final int MAX_URL = 2048;
    static final int MAX_RESULTS = 4096;
    static final int MAX_WANT = 4096;
    static final int MAX_START_URLS = 1000;
    private static final Set<String> OUTCOMES = Set.of("ok", "http_error", "network_error", "too_large", "denied",
            "skipped");

    private CrawlInput() {
    }

    static int attempt(Integer attempt, FieldErrors errors) {
        errors.require(attempt != null && attempt >= 1, "attempt", "required: the task's attempt (CRAWLYARD_ATTEMPT), from 1");
        return attempt == null ? 0 : attempt;
    }

    static List<String> startUrls(List<String> urls, FieldErrors errors) {
        List<String> checked = new ArrayList<>();
        if (urls == null) {
            errors.add("startUrls", "required: the crawl's normalised start URLs");
            return checked;
        }
        errors.require(urls.size() <= MAX_START_URLS, "startUrls", "at most " + MAX_START_URLS + " URLs");
        for (int i = 0; i < urls.size(); i++) {
            if (url(urls.get(i), "startUrls[" + i + "]", errors)) {
                checked.add(urls.get(i));
            }
        }
        return checked;
    }

    static List<PageReport> pages(List<CrawlRequests.Page> pages, FieldErrors errors) {
        List<PageReport> checked = new ArrayList<>();
        if (pages == null) {
            return checked;
        }
        errors.require(pages.size() <= MAX_RESULTS, "results", "at most " + MAX_RESULTS + " a call");
        for (int i = 0; i < pages.size() && i < MAX_RESULTS; i++) {
            CrawlRequests.Page page = pages.get(i);
            String at = "results[" + i + "]";
            if (page == null) {
                errors.add(at, "must be an object");
                continue;
            }
            boolean ok = url(page.url(), at + ".url", errors);
            ok &= errors(page.outcome() != null && OUTCOMES.contains(page.outcome()), at + ".outcome",
                    "must be one of " + OUTCOMES, errors);
            ok &= errors(page.status() == null || page.status() >= 0 && page.status() <= 999, at + ".status",
                    "must be an HTTP status or 0", errors);
            ok &= errors(nonNegative(page.bytes()) && nonNegative(page.millis())
                    && (page.retries() == null || page.retries() >= 0 && page.retries() <= 1000), at,
                    "bytes, millis and retries must not be negative", errors);
            ok &= page.itemUrl() == null || url(page.itemUrl(), at + ".itemUrl", errors);
            if (ok) {
                checked.add(new PageReport(page.url(), page.outcome(), orZero(page.status()), orZero(page.bytes()),
                        orZero(page.millis()), orZero(page.retries()), page.itemUrl()));
            }
        }
        return checked;
    }

    static List<FoundUrl> links(List<CrawlRequests.Found> links, FieldErrors errors) {
        List<FoundUrl> checked = new ArrayList<>();
        if (links == null) {
            return checked;
        }
        errors.require(links.size() <= FrontierStore.MAX_FOUND, "links", "at most " + FrontierStore.MAX_FOUND + " a call");
        for (int i = 0; i < links.size() && i < FrontierStore.MAX_FOUND; i++) {
            CrawlRequests.Found link = links.get(i);
            String at = "links[" + i + "]";
            if (link == null) {
                errors.add(at, "must be an object");
                continue;
            }
            boolean ok = url(link.url(), at + ".url", errors);
            ok &= errors(link.depth() != null && link.depth() >= 0 && link.depth() <= 100_000, at + ".depth",
                    "must be from 0 to 100000", errors);
            String state = switch (link.kind() == null ? "" : link.kind().toLowerCase(Locale.ROOT)) {
                case "follow" -> "queued";
                case "denied" -> "denied";
                case "fetched" -> "done";
                default -> null;
            };
            ok &= errors(state != null, at + ".kind", "must be follow, denied or fetched", errors);
            if (ok) {
                checked.add(new FoundUrl(link.url(), link.depth(), state));
            }
        }
        return checked;
    }

    static int want(Integer want, FieldErrors errors) {
        errors.require(want == null || want >= 0 && want <= MAX_WANT, "want", "must be from 0 to " + MAX_WANT);
        return want == null ? 0 : Math.max(0, Math.min(want, MAX_WANT));
    }

    static String host(String host, FieldErrors errors) {
        errors.require(host != null && host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}"), "host", "required: a host name");
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    private static boolean url(String url, String field, FieldErrors errors) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return errors(url != null && url.length() <= MAX_URL && (lower.startsWith("http://") || lower.startsWith("https://"))
                && url.chars().noneMatch(c -> c <= ' '), field, "must be an http(s) URL of at most " + MAX_URL
                + " characters without spaces", errors);
    }

    private static boolean errors(boolean ok, String field, String message, FieldErrors errors) {
        errors.require(ok, field, message);
        return ok;
    }

    private static boolean nonNegative(Long value) {
        return value == null || value >= 0;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
