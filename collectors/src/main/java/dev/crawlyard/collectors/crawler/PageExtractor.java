package dev.crawlyard.collectors.crawler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Reads a fetched page with jsoup: its links that the follow and skip rules let through, whether
 * it is an item page, and its item's fields. The charset is the Content-Type header's, else the
 * page's own (a BOM or a meta charset), else UTF-8, as jsoup detects it.
 */
final class PageExtractor {

    /**
     * What a page holds.
     *
     * @param links      absolute, normalised links to follow, in page order, each once
     * @param item       the page's item (its URL first), or null if it is not an item page or lacks a required field
     * @param missing    the required fields it lacked, if it is an item page without an item
     */
    record Page(List<String> links, Map<String, Object> item, List<String> missing) {
    }

    private record CompiledLinkRule(Evaluator selector, Pattern pattern) {
    }

    private record CompiledPageRule(Pattern pattern, Evaluator selector) {
    }

    private record CompiledField(String name, Evaluator selector, String attribute, Pattern regex, boolean required,
            boolean list) {
    }

    private static final Evaluator EVERY_LINK = QueryParser.parse("a[href], area[href]");

    private final List<CompiledLinkRule> follow;
    private final List<CompiledLinkRule> skip;
    private final List<CompiledPageRule> itemPages;
    private final List<CompiledField> fields;

    PageExtractor(CrawlerConfig config) {
        this.follow = linkRules(config.follow());
        this.skip = linkRules(config.skip());
        this.itemPages = config.itemPages().stream()
                .map(rule -> new CompiledPageRule(compile(rule.pattern()), select(rule.selector()))).toList();
        List<CompiledField> compiled = new ArrayList<>();
        config.fields().forEach((name, field) -> compiled.add(new CompiledField(name, select(field.selector()),
                field.attribute(), compile(field.regex()), field.required(), field.list())));
        this.fields = List.copyOf(compiled);
    }

    /** Parses the body fetched from {@code url}; a body that is not HTML gives neither links nor an item. */
    Page read(String url, byte[] body, String contentType) {
        if (!isHtml(contentType)) {
            return new Page(List.of(), null, List.of());
        }
        Document document;
        try {
            document = Jsoup.parse(new ByteArrayInputStream(body), charsetOf(contentType), url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> links = links(document);
        if (!isItemPage(url, document)) {
            return new Page(links, null, List.of());
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("url", url);
        List<String> missing = new ArrayList<>();
        for (CompiledField field : fields) {
            Object value = value(document, field);
            boolean empty = value == null || value instanceof List<?> list && list.isEmpty();
            if (field.required() && empty) {
                missing.add(field.name());
            }
            item.put(field.name(), value);
        }
        return missing.isEmpty() ? new Page(links, item, List.of()) : new Page(links, null, missing);
    }

    private List<String> links(Document document) {
        Set<String> found = new LinkedHashSet<>();
        for (CompiledLinkRule rule : follow) {
            for (Element element : document.select(rule.selector() == null ? EVERY_LINK : rule.selector())) {
                String link = linkOf(element);
                if (link != null && matches(rule.pattern(), link) && !skipped(element, link)) {
                    found.add(link);
                }
            }
        }
        return List.copyOf(found);
    }

    private boolean skipped(Element element, String link) {
        for (CompiledLinkRule rule : skip) {
            boolean selected = rule.selector() == null || element.is(rule.selector())
                    || element.parents().stream().anyMatch(parent -> parent.is(rule.selector()));
            if (selected && matches(rule.pattern(), link)) {
                return true;
            }
        }
        return false;
    }

    /** The element's link, absolute and normalised: its href, else its src (for a selector that picks images). */
    private static String linkOf(Element element) {
        String key = element.hasAttr("href") ? "href" : element.hasAttr("src") ? "src" : null;
        if (key == null) {
            // A selector may pick a container: its first link is meant.
            Element inner = element.selectFirst("a[href]");
            return inner == null ? null : Urls.normalize(inner.absUrl("href"));
        }
        return Urls.normalize(element.absUrl(key));
    }

    private boolean isItemPage(String url, Document document) {
        if (itemPages.isEmpty()) {
            return true;
        }
        for (CompiledPageRule rule : itemPages) {
            if (matches(rule.pattern(), url) && (rule.selector() == null || document.selectFirst(rule.selector()) != null)) {
                return true;
            }
        }
        return false;
    }

    private static Object value(Document document, CompiledField field) {
        Elements elements = document.select(field.selector());
        if (field.list()) {
            List<String> values = new ArrayList<>();
            for (Element element : elements) {
                String value = valueOf(element, field);
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        }
        for (Element element : elements) {
            String value = valueOf(element, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String valueOf(Element element, CompiledField field) {
        String raw = field.attribute() == null ? element.text() : element.attr(field.attribute());
        if (field.attribute() != null && !element.hasAttr(field.attribute().startsWith("abs:")
                ? field.attribute().substring(4) : field.attribute())) {
            return null;
        }
        if (field.regex() != null) {
            Matcher matcher = field.regex().matcher(raw);
            if (!matcher.find()) {
                return null;
            }
            raw = matcher.groupCount() >= 1 && matcher.group(1) != null ? matcher.group(1) : matcher.group();
        }
        String value = raw.strip();
        return value.isEmpty() ? null : value;
    }

    private static boolean isHtml(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/html") || type.startsWith("application/xhtml");
    }

    /** The charset a Content-Type header names, or null to let jsoup find it in the page. */
    static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String trimmed = part.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = trimmed.substring("charset=".length()).replace("\"", "").replace("'", "").trim();
                try {
                    return Charset.isSupported(name) ? name : null;
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean matches(Pattern pattern, String text) {
        return pattern == null || pattern.matcher(text).find();
    }

    private static Pattern compile(String regex) {
        return regex == null ? null : Pattern.compile(regex);
    }

    private static Evaluator select(String selector) {
        return selector == null ? null : QueryParser.parse(selector);
    }

    private static List<CompiledLinkRule> linkRules(List<CrawlerConfig.LinkRule> rules) {
        return rules.stream().map(rule -> new CompiledLinkRule(select(rule.selector()), compile(rule.pattern())))
                .toList();
    }
}
