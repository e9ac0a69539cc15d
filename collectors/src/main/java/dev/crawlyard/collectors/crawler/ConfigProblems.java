package dev.crawlyard.collectors.crawler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * What a crawler config's JSON Schema cannot check: that its selectors are CSS selectors jsoup can
 * run, its patterns are Java regular expressions, and its start URLs are fetchable and allowed.
 */
public final class ConfigProblems {

    /**
     * One problem.
     *
     * @param path    where in the config, e.g. {@code fields.price.regex} or {@code startUrls[0]}
     * @param message what is wrong and what would be right
     */
    public record Problem(String path, String message) {
    }

    private ConfigProblems() {
    }

    /** Every problem of a config that the schema has accepted; empty if it can run. */
    public static List<Problem> of(CrawlerConfig config) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < config.startUrls().size(); i++) {
            String path = "startUrls[" + i + "]";
            String url = config.startUrls().get(i);
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    problems.add(new Problem(path, "must be an http or https URL with a host, not '" + url + "'"));
                } else if (!config.allowsHost(uri.getHost())) {
                    problems.add(new Problem(path, "its host " + uri.getHost() + " is not under allowedDomains "
                            + config.allowedDomains()));
                }
            } catch (URISyntaxException e) {
                problems.add(new Problem(path, "is not a URL: " + e.getMessage()));
            }
        }
        linkRules("follow", config.follow(), problems);
        linkRules("skip", config.skip(), problems);
        for (int i = 0; i < config.itemPages().size(); i++) {
            CrawlerConfig.PageRule rule = config.itemPages().get(i);
            selector("itemPages[" + i + "].selector", rule.selector(), problems);
            pattern("itemPages[" + i + "].pattern", rule.pattern(), problems);
        }
        config.fields().forEach((name, field) -> {
            selector("fields." + name + ".selector", field.selector(), problems);
            pattern("fields." + name + ".regex", field.regex(), problems);
        });
        return problems;
    }

    private static void linkRules(String name, List<CrawlerConfig.LinkRule> rules, List<Problem> problems) {
        for (int i = 0; i < rules.size(); i++) {
            selector(name + "[" + i + "].selector", rules.get(i).selector(), problems);
            pattern(name + "[" + i + "].pattern", rules.get(i).pattern(), problems);
        }
    }

    private static void selector(String path, String selector, List<Problem> problems) {
        if (selector == null) {
            return;
        }
        try {
            QueryParser.parse(selector);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            problems.add(new Problem(path, "is not a CSS selector: " + e.getMessage()));
        }
    }

    private static void pattern(String path, String pattern, List<Problem> problems) {
        if (pattern == null) {
            return;
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            problems.add(new Problem(path, "is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex()));
        }
    }
}
