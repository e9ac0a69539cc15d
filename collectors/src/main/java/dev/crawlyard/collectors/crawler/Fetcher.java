package dev.crawlyard.collectors.crawler;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches pages with the JDK's HTTP client (HTTP/2 over TLS, pooled keep-alive connections, a
 * cookie jar for the task): redirects hop by hop so that each hop is checked, bodies up to the
 * size limit, and retries with back-off after a 5xx, a 429 or a network error, honouring
 * Retry-After.
 */
final class Fetcher {

    /** Decides whether a redirect's target may be fetched; null if it may, else the outcome. */
    interface HopCheck {
        String refuse(URI target);
    }

    /** Reserves the politeness slot of a retry; the wait before it. */
    interface RetrySlot {
        long delayMillis(String host) throws IOException;
    }

    /**
     * What a fetch came to.
     *
     * @param finalUrl    the URL of the last hop
     * @param status      the last HTTP status, 0 if none came
     * @param contentType the last response's Content-Type, or null
     * @param body        the body of a 2xx response within the limit, else null
     * @param bytes       body bytes received by the last hop
     * @param millis      the last request's time
     * @param retries     requests made again after a failure
     * @param outcome     as in {@link Frontier.PageResult}
     * @param redirects   the targets of the redirects followed
     * @param detail      what went wrong, for the log, or null
     */
    record Result(String finalUrl, int status, String contentType, byte[] body, long bytes, long millis, int retries,
            String outcome, List<String> redirects, String detail) {
    }

    private final CrawlerConfig config;
    private final HttpClient client;
    private final RetrySlot retrySlot;

    Fetcher(CrawlerConfig config, RetrySlot retrySlot) {
        this.config = config;
        this.retrySlot = retrySlot;
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        config.cookies().forEach((name, value) -> {
            for (String domain : config.allowedDomains()) {
                HttpCookie cookie = new HttpCookie(name, value);
                cookie.setPath("/");
                cookie.setVersion(0);
                cookies.getCookieStore().add(URI.create("http://" + domain + "/"), cookie);
            }
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .cookieHandler(cookies)
                .build();
    }

    /** Fetches {@code url} without retries, for robots.txt. */
    Result fetchOnce(URI url) {
        return attempt(url, 0, target -> null);
    }

    /** Fetches {@code url}, following redirects that {@code hops} allows, retrying as the config says. */
    Result fetch(URI url, HopCheck hops) throws InterruptedException {
        Result result = null;
        Duration retryAfter = Duration.ZERO;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                long backoff = config.retryBackoff().toMillis() << Math.min(attempt - 1, 20);
                long wait = Math.max(backoff, Math.min(retryAfter.toMillis(), config.maxRetryAfter().toMillis()));
                try {
                    wait = Math.max(wait, retrySlot.delayMillis(url.getHost()));
                } catch (IOException e) {
                    // Without a slot the retry still waits its back-off.
                }
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            result = attempt(url, attempt, hops);
            if (!retryable(result)) {
                return result;
            }
            retryAfter = retryAfterOf(result);
        }
        return result;
    }

    private Duration retryAfterOf(Result result) {
        String header = result.detail() != null && result.detail().startsWith("retry-after:")
                ? result.detail().substring("retry-after:".length()) : null;
        return parseRetryAfter(header, Instant.now());
    }

    /** A Retry-After value (seconds or an HTTP date) as a wait from {@code now}; zero if none or unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }

    private static boolean retryable(Result result) {
        return result.outcome().equals("network_error") || result.status() == 429 || result.status() >= 500;
    }

    private Result attempt(URI url, int retries, HopCheck hops) {
        URI current = url;
        List<String> redirects = new ArrayList<>();
        while (true) {
            long started = System.nanoTime();
            HttpResponse<LimitedBody.Body> response;
            try {
                response = send(current);
            } catch (IOException | TimeoutException | ExecutionException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                return new Result(current.toString(), 0, null, null, 0, elapsed(started), retries, "network_error",
                        redirects, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(current.toString(), 0, null, null, 0, elapsed(started), retries, "network_error",
                        redirects, "interrupted");
            }
            long millis = elapsed(started);
            int status = response.statusCode();
            String type = response.headers().firstValue("content-type").orElse(null);
            LimitedBody.Body body = response.body();
            if (status >= 300 && status < 400 && status != 304) {
                Optional<String> location = response.headers().firstValue("location");
                if (!config.followRedirects() || location.isEmpty() || redirects.size() >= config.maxRedirects()) {
                    return new Result(current.toString(), status, type, null, body.read(), millis, retries,
                            "http_error", redirects, location.isEmpty() ? "redirect without Location"
                            : "redirect not followed: " + location.get());
                }
                URI target;
                try {
                    target = current.resolve(location.get().trim());
                } catch (IllegalArgumentException e) {
                    return new Result(current.toString(), status, type, null, body.read(), millis, retries,
                            "http_error", redirects, "bad Location: " + location.get());
                }
                String refused = hops.refuse(target);
                if (refused != null) {
                    return new Result(target.toString(), status, type, null, body.read(), millis, retries, refused,
                            redirects, "redirect to " + target + " refused (" + refused + ")");
                }
                redirects.add(target.toString());
                current = target;
                continue;
            }
            String detail = status == 429 || status >= 500
                    ? "retry-after:" + response.headers().firstValue("retry-after").orElse("") : null;
            if (status >= 200 && status < 300) {
                if (body.tooLarge()) {
                    return new Result(current.toString(), status, type, null, body.read(), millis, retries,
                            "too_large", redirects, "body over " + config.maxResponseBytes() + " bytes");
                }
                return new Result(current.toString(), status, type, body.bytes(), body.read(), millis, retries,
                        "ok", redirects, null);
            }
            return new Result(current.toString(), status, type, null, body.read(), millis, retries, "http_error",
                    redirects, detail);
        }
    }

    private HttpResponse<LimitedBody.Body> send(URI url) throws IOException, InterruptedException, TimeoutException,
            ExecutionException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.requestTimeout())
                // Plain HTTP stays on HTTP/1.1: an h2c upgrade is rarely understood and costs a round trip.
                .version(url.getScheme().equalsIgnoreCase("https") ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .header("User-Agent", config.userAgent())
                .GET();
        config.headers().forEach(request::header);
        Future<HttpResponse<LimitedBody.Body>> response = client.sendAsync(request.build(), info -> {
            if (info.statusCode() >= 200 && info.statusCode() < 300) {
                return new LimitedBody(config.maxResponseBytes(),
                        info.headers().firstValueAsLong("content-length").orElse(-1));
            }
            // Only the status and headers of anything else matter.
            return new LimitedBody(64 * 1024, -1);
        });
        // The request timeout covers the body too, not only the headers.
        long timeout = config.requestTimeout().toMillis() + 1000;
        try {
            return response.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
