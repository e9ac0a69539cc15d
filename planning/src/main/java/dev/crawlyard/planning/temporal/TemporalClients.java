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

    public static WorkflowServiceStubs stubs(String address) {
        return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    }

    /** A connection whose SDK metrics (requests, polls, workflow and activity latencies) go to {@code metrics}. */
    public static WorkflowServiceStubs stubs(String address, Scope metrics) {
        return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address)
                .setMetricsScope(metrics).build());
    }

    public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalProperties properties) {
        return WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setNamespace(properties.namespace()).build());
    }
}
