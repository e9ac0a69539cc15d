package dev.crawlyard.collectors.crawler;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * URLs as the crawl compares them: crawler-commons' normalisation (lower-case scheme and host, no
 * default port, no fragment, dot segments resolved, percent-encoding made canonical), so that two
 * spellings of one page are one entry of the seen-set.
 */
final class Urls {

    /** Longer URLs are not followed; the frontier refuses them too. */
    static final int MAX_LENGTH = 2048;

    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    private Urls() {
    }

    /** The normal form of an absolute http(s) URL, or null if it is not one the crawl can fetch. */
    static String normalize(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String lower = url.trim().toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        String normal = NORMALIZER.filter(url.trim());
        if (normal == null || normal.length() > MAX_LENGTH) {
            return null;
        }
        try {
            URI uri = new URI(normal);
            return uri.getHost() == null ? null : normal;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The scheme, host and port a robots.txt covers. */
    static String origin(URI uri) {
        int port = uri.getPort();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (port < 0 ? "" : ":" + port);
    }
}
