package dev.crawlyard.standalone;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a gRPC call through only with {@code Authorization: Bearer <key>}, the header Temporal's
 * SDKs send for an API key. The embedded Temporal has no authentication of its own, and every
 * process on the machine (spiders included) can reach its loopback port: without this, a spider
 * could read every task's history (commands, parameters, environments) and cancel other tasks.
 */
final class ApiKeyCheck implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] expected;

    ApiKeyCheck(String apiKey) {
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("the embedded Temporal needs an API key");
        }
        this.expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String given = headers.get(AUTHORIZATION);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            call.close(Status.UNAUTHENTICATED.withDescription(given == null
                    ? "the embedded Temporal takes calls with the platform's API key only (crawlyard.temporal.api-key-file)"
                    : "wrong API key for the embedded Temporal"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
