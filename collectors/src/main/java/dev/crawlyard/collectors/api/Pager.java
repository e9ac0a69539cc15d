package dev.crawlyard.collectors.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * The requests of a run, page after page, in the config's pagination style: page number,
 * offset/limit, a cursor from the answer, the {@code Link} header's {@code rel="next"}, or a next
 * URL in the answer. Every style stops at an answer with no records and when
 * {@code hasMorePointer} finds false; page and offset stop at an answer with fewer records than the
 * limit. A next URL on another origin than the first request's is refused: the credentials would go
 * with it.
 */
final class Pager {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

    /** A next URL the pager will not follow. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final ApiConfig.Paging paging;
    private final String method;
    private final Map<String, String> headers;
    private final String body;
    private final String baseUrl;
    private final Map<String, String> query;
    private final URI origin;
    private long number;

    /**
     * @param baseUrl the first request's URL, placeholders filled, without the config's query
     * @param query   the query of every request built here (the config's and the incremental parameter)
     */
    Pager(ApiConfig.Paging paging, String method, Map<String, String> headers, String body, String baseUrl,
            Map<String, String> query) {
        this.paging = paging;
        this.method = method;
        this.headers = headers;
        this.body = body;
        this.baseUrl = baseUrl;
        this.query = query;
        this.origin = URI.create(baseUrl);
        this.number = paging.start();
    }

    ApiHttp.Request first() {
        Map<String, String> params = new LinkedHashMap<>(query);
        switch (paging.type()) {
            case "page", "offset" -> {
                params.put(paging.param(), Long.toString(number));
                if (paging.limitParam() != null && paging.limit() != null) {
                    params.put(paging.limitParam(), Integer.toString(paging.limit()));
                }
            }
            default -> {
            }
        }
        return request(baseUrl, params);
    }

    /** The next page's request after {@code reply} (whose JSON is {@code answer}, with {@code records} records), or null. */
    ApiHttp.Request next(ApiHttp.Reply reply, JsonNode answer, int records) throws Refused {
        if (records == 0) {
            return null;
        }
        if (paging.hasMorePointer() != null) {
            JsonNode more = answer.at(JsonPointer.compile(paging.hasMorePointer()));
            if (more.isBoolean() && !more.asBoolean()) {
                return null;
            }
        }
        switch (paging.type()) {
            case "page", "offset" -> {
                if (paging.limit() != null && records < paging.limit()) {
                    return null;
                }
                number += paging.type().equals("page") ? 1 : paging.limit() != null ? paging.limit() : records;
                return first();
            }
            case "cursor" -> {
                JsonNode cursor = answer.at(JsonPointer.compile(paging.cursorPointer()));
                if (cursor.isMissingNode() || cursor.isNull() || cursor.asString("").isEmpty()) {
                    return null;
                }
                Map<String, String> params = new LinkedHashMap<>(query);
                params.put(paging.param(), cursor.isValueNode() ? cursor.asString() : cursor.toString());
                return request(baseUrl, params);
            }
            case "linkHeader" -> {
                String next = reply.headers() == null ? null : nextLink(String.join(",",
                        reply.headers().allValues("link")));
                return next == null ? null : follow(reply.uri(), next);
            }
            case "nextUrl" -> {
                JsonNode next = answer.at(JsonPointer.compile(paging.nextUrlPointer()));
                if (!next.isString() || next.asString().isBlank()) {
                    return null;
                }
                return follow(reply.uri(), next.asString().trim());
            }
            default -> {
                return null;
            }
        }
    }

    /** The target of the {@code rel="next"} link of a Link header (RFC 8288), or null. */
    static String nextLink(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL_NEXT.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).trim().split("\\s+")) {
                    if (value.equalsIgnoreCase("next")) {
                        return link.group(1).trim();
                    }
                }
            }
        }
        return null;
    }

    private ApiHttp.Request follow(URI current, String next) throws Refused {
        URI target;
        try {
            target = current.resolve(next);
        } catch (IllegalArgumentException e) {
            throw new Refused("the API's next page URL is not a URL: " + next);
        }
        if (!sameOrigin(origin, target)) {
            throw new Refused("the API's next page " + target.getScheme() + "://" + target.getAuthority()
                    + " is on another origin than " + origin.getScheme() + "://" + origin.getAuthority()
                    + "; it is not followed, since the credentials would go with it");
        }
        return new ApiHttp.Request(method, target, headers, body);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private ApiHttp.Request request(String url, Map<String, String> params) {
        URI uri = URI.create(url);
        for (Map.Entry<String, String> param : params.entrySet()) {
            uri = Credentials.withQuery(uri, param.getKey(), param.getValue());
        }
        return new ApiHttp.Request(method, uri, headers, body);
    }
}
