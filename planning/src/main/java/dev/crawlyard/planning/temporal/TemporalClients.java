package dev.crawlyard.planning.temporal;

import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** Connections to a Temporal frontend. */
public final class TemporalClients {

    private TemporalClients() {
    }

    /** Stubs for the configured frontend: its address (or {@code fallbackAddress}), key and TLS. */
    public static WorkflowServiceStubs stubs(TemporalProperties properties, String fallbackAddress, Scope metrics) {
        String address = properties.address().isEmpty() ? fallbackAddress : properties.address();
        return stubs(address, properties.resolvedApiKey(), properties.tls(), metrics);
    }

    /**
     * Stubs for the frontend at {@code address}, sending {@code apiKey} (unless empty) as a bearer
     * token with every call, over TLS or plain gRPC as told, with the SDK's metrics (requests, polls,
     * workflow and activity latencies) going to {@code metrics}.
     */
    public static WorkflowServiceStubs stubs(String address, String apiKey, boolean tls, Scope metrics) {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(address)
                .setMetricsScope(metrics);
        if (!apiKey.isEmpty()) {
            options.addApiKey(() -> apiKey);
        }
        // Set either way: an API key alone would switch the SDK to TLS.
        options.setEnableHttps(tls);
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalProperties properties) {
        return WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setNamespace(properties.namespace()).build());
    }
}
