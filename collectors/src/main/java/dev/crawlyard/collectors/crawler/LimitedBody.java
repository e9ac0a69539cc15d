package dev.crawlyard.collectors.crawler;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit. A body declared or found larger is not read
 * further: the subscription is cancelled, which closes the stream (and an HTTP/1.1 connection).
 */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Body> {

    /**
     * A body, or the note that it was too large.
     *
     * @param bytes    the body, or null if it was too large
     * @param tooLarge the body was larger than the limit
     * @param read     bytes received
     */
    record Body(byte[] bytes, boolean tooLarge, long read) {
    }

    private final long limit;
    private final long declared;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private final ByteArrayOutputStream parts;
    private Flow.Subscription subscription;
    private long read;

    LimitedBody(long limit, long declared) {
        this.limit = limit;
        this.declared = declared;
        this.parts = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 8 * 1024), limit));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declared > limit) {
            subscription.cancel();
            result.complete(new Body(null, true, 0));
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            read += buffer.remaining();
            if (read > limit) {
                subscription.cancel();
                result.complete(new Body(null, true, read));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            parts.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(parts.toByteArray(), false, read));
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }
}
