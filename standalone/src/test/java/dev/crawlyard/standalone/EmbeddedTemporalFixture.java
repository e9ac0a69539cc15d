package dev.crawlyard.standalone;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.function.Consumer;

/** An embedded Temporal of its own for a test, with a client and one worker on {@link #QUEUE}. */
final class EmbeddedTemporalFixture implements AutoCloseable {

    static final String QUEUE = "embedded-temporal-test";
    private static final String KEY = "embedded-temporal-test-key";

    final EmbeddedTemporal temporal;
    final WorkflowServiceStubs stubs;
    final WorkflowClient client;
    private final WorkerFactory workers;

    private EmbeddedTemporalFixture(EmbeddedTemporal temporal, Consumer<Worker> registrations) {
        this.temporal = temporal;
        this.stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address()).addApiKey(() -> KEY).setEnableHttps(false).build());
        this.client = WorkflowClient.newInstance(stubs);
        this.workers = WorkerFactory.newInstance(client);
        registrations.accept(workers.newWorker(QUEUE));
        workers.start();
    }

    /** A server as the platform starts it. */
    static EmbeddedTemporalFixture start(Consumer<Worker> registrations) {
        return new EmbeddedTemporalFixture(EmbeddedTemporal.start("127.0.0.1", 0, KEY), registrations);
    }

    /** A server keeping closed workflows as long and as many as given, forgetting them only when asked. */
    static EmbeddedTemporalFixture start(Duration retention, int maxClosed, Consumer<Worker> registrations) {
        return new EmbeddedTemporalFixture(EmbeddedTemporal.start("127.0.0.1", 0, KEY, retention, maxClosed,
                Duration.ZERO), registrations);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        stubs.shutdownNow();
        temporal.close();
    }
}
