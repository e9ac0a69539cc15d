package dev.crawlyard.standalone;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test server, bound to a port so that worker-hosts in other JVMs can join. It
 * keeps its state in memory (a restart forgets running workflows; the task rows stay; a workflow
 * closed for an hour is forgotten, see {@link ClosedWorkflows}), and it
 * implements neither Schedules nor visibility queries nor the web UI: the compose stack's real
 * server does.
 *
 * <p>The test server's own {@code TestServer.createPortBoundServer} listens on every interface
 * and lets anyone in; this builds the same gRPC server (the test server's services and health
 * checks) on one address only, 127.0.0.1 unless configured, and refuses every call that does not
 * carry the platform's API key ({@link ApiKeyCheck}): spiders on this machine reach 127.0.0.1 too.
 */
final class EmbeddedTemporal implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

    /**
     * How often the closed workflows past their retention are forgotten ({@link ClosedWorkflows}): a
     * pass looks at each workflow held and each timer queued, under the server's locks; the
     * workflows closed between passes are held beyond the most kept until the next.
     */
    private static final Duration RETENTION_PASS = Duration.ofSeconds(5);

    private final TestServicesStarter services;
    private final Server server;
    private final InetSocketAddress address;
    private final Optional<ClosedWorkflows> closed;
    private final ScheduledExecutorService retention;

    private EmbeddedTemporal(TestServicesStarter services, Server server, InetSocketAddress address,
            Optional<ClosedWorkflows> closed, Duration passEvery) {
        this.services = services;
        this.server = server;
        this.address = address;
        this.closed = closed;
        this.retention = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("embedded-temporal-retention").factory());
        if (passEvery.isPositive()) {
            closed.ifPresent(workflows -> retention.scheduleWithFixedDelay(workflows::forget,
                    passEvery.toMillis(), passEvery.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    static EmbeddedTemporal start(String bindAddress, int port, String apiKey) {
        return start(bindAddress, port, apiKey, ClosedWorkflows.RETENTION, ClosedWorkflows.MAX_CLOSED,
                RETENTION_PASS);
    }

    /**
     * As {@link #start(String, int, String)}, keeping closed workflows as long and as many as given,
     * forgetting them in a pass every {@code passEvery} (none if zero: then only when asked).
     */
    static EmbeddedTemporal start(String bindAddress, int port, String apiKey, Duration closedRetention,
            int maxClosed, Duration passEvery) {
        InetSocketAddress address = new InetSocketAddress(resolve(bindAddress), port);
        // Time skipping is locked: the platform runs in real time.
        TestServicesStarter services = new TestServicesStarter(true, 0);
        TimerLockLog.silence(services);
        Optional<ClosedWorkflows> closed = ClosedWorkflows.of(services, closedRetention, maxClosed);
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(address, InsecureServerCredentials.create());
            builder.intercept(new ApiKeyCheck(apiKey));
            GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
            Server server = builder.build().start();
            InetSocketAddress bound = new InetSocketAddress(address.getAddress(), server.getPort());
            log.info("embedded Temporal test server on {}:{}", bound.getAddress().getHostAddress(), bound.getPort());
            return new EmbeddedTemporal(services, server, bound, closed, passEvery);
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("could not start the embedded Temporal on " + bindAddress + ":" + port
                    + " (is something else listening there? crawlyard.standalone.temporal-port picks another port)", e);
        }
    }

    private static InetAddress resolve(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new IllegalArgumentException("crawlyard.standalone.temporal-bind-address: not an address: "
                    + bindAddress, e);
        }
    }

    /** How many lock events the server's timer holds in its log (see {@link TimerLockLog}); -1 if unknown. */
    int timerLockLogSize() {
        return TimerLockLog.size(services);
    }

    /** The retention of closed workflows, when this server's fields allowed one. */
    Optional<ClosedWorkflows> closedWorkflows() {
        return closed;
    }

    /** Where clients in this process connect: loopback when the server listens on every interface. */
    String address() {
        InetAddress bound = address.getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public void close() {
        retention.shutdownNow();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        services.close();
    }
}
