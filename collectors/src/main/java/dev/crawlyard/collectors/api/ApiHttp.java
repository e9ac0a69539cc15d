package dev.crawlyard.collectors.api;

import dev.crawlyard.collectors.common.LimitedBody;
import dev.crawlyard.collectors.common.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The collector's requests: each paced, authorised, its body read up to the size limit, and tried
 * again after a 5xx, a 429 or a network error, after the back-off (doubled each time) or the
 * {@code Retry-After} if that asks for longer, a bounded number of times.
 */
final class ApiHttp {

    /** What a request came to: the last status (0 for none), headers and body (within the limit). */
    record Reply(URI uri, int status, HttpHeaders headers, byte[] body, boolean tooLarge, int retries, String error) {
    }

    /** A request as the pager builds it. */
    record Request(String method, URI uri, Map<String, String> headers, String body) {
    }

    private final ApiConfig config;
    private final HttpClient client;
    private final Credentials credentials;
    private final Pace pace;
    private long requests;
    private long retries;

    ApiHttp(ApiConfig config, HttpClient client, Credentials credentials, Pace pace) {
        this.config = config;
        this.client = client;
        this.credentials = credentials;
        this.pace = pace;
    }

    long requests() {
        return requests;
    }

    long retries() {
        return retries;
    }

    /** Sends {@code request}, with retries; a 401 under a renewable token is tried once with a new one. */
    Reply send(Request request) throws Credentials.Failure, IOException, InterruptedException {
        Reply reply = null;
        Duration retryAfter = Duration.ZERO;
        boolean renewed = false;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                long backoff = config.retryBackoff().toMillis() << Math.min(attempt - 1, 20);
                if (retryAfter.compareTo(config.maxRetryAfter()) > 0) {
                    return new Reply(reply.uri(), reply.status(), reply.headers(), reply.body(), false, attempt - 1,
                            "the API asked to wait " + retryAfter.toSeconds() + " s (Retry-After), more than"
                                    + " maxRetryAfterSeconds (" + config.maxRetryAfter().toSeconds() + ")");
                }
                Thread.sleep(Math.max(backoff, retryAfter.toMillis()));
                retries++;
            }
            reply = once(request, attempt);
            if (reply.status() == 401 && credentials.renewable() && !renewed) {
                renewed = true;
                credentials.renew();
                reply = once(request, attempt);
            }
            boolean retryable = reply.status() == 0 || reply.status() == 429 || reply.status() >= 500;
            if (!retryable) {
                return reply;
            }
            retryAfter = reply.headers() == null ? Duration.ZERO
                    : RetryAfter.parse(reply.headers().firstValue("retry-after").orElse(null), Instant.now());
        }
        return reply;
    }

    private Reply once(Request request, int retries) throws Credentials.Failure, IOException, InterruptedException {
        long wait = pace.delayMillis(request.uri().getHost());
        if (wait > 0) {
            Thread.sleep(wait);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(config.requestTimeout())
                .version(request.uri().getScheme().equalsIgnoreCase("https") ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json");
        request.headers().forEach(builder::header);
        URI uri = credentials.authorize(builder, request.uri());
        builder.uri(uri);
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        requests++;
        Future<HttpResponse<LimitedBody.Body>> future = client.sendAsync(builder.build(),
                info -> new LimitedBody(config.maxResponseBytes(),
                        info.headers().firstValueAsLong("content-length").orElse(-1)));
        try {
            // The request timeout covers the body too, not only the headers.
            HttpResponse<LimitedBody.Body> response = future.get(config.requestTimeout().toMillis() + 1000,
                    TimeUnit.MILLISECONDS);
            LimitedBody.Body body = response.body();
            return new Reply(request.uri(), response.statusCode(), response.headers(), body.bytes(), body.tooLarge(),
                    retries, null);
        } catch (ExecutionException | TimeoutException e) {
            future.cancel(true);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Reply(request.uri(), 0, null, null, false, retries,
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }
}
