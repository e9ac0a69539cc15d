package dev.crawlyard.planning.health;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the Temporal frontend answers a call, with a gRPC deadline. {@code GetSystemInfo} is what
 * the SDK itself asks first, and both a real server and the embedded test server answer it.
 */
final class TemporalHealthIndicator extends AbstractHealthIndicator {

    private final WorkflowServiceStubs stubs;
    private final Duration bound;

    TemporalHealthIndicator(WorkflowServiceStubs stubs, Duration bound) {
        super("Temporal did not answer");
        this.stubs = stubs;
        this.bound = bound;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var info = stubs.blockingStub().withDeadlineAfter(bound.toMillis(), TimeUnit.MILLISECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        builder.up().withDetail("serverVersion", info.getServerVersion());
    }
}
