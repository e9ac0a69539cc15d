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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test server, bound to a port so that worker-hosts in other JVMs can join. It
 * keeps its state in memory (a restart forgets running workflows; the task rows stay), and it
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

    private final TestServicesStarter services;
    private final Server server;
    private final InetSocketAddress address;

    private EmbeddedTemporal(TestServicesStarter services, Server server, InetSocketAddress address) {
        this.services = services;
        this.server = server;
        this.address = address;
    }

    static EmbeddedTemporal start(String bindAddress, int port, String apiKey) {
        InetSocketAddress address = new InetSocketAddress(resolve(bindAddress), port);
        // Time skipping is locked: the platform runs in real time.
        TestServicesStarter services = new TestServicesStarter(true, 0);
        TimerLockLog.silence(services);
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(address, InsecureServerCredentials.create());
            builder.intercept(new ApiKeyCheck(apiKey));
            GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
            Server server = builder.build().start();
            InetSocketAddress bound = new InetSocketAddress(address.getAddress(), server.getPort());
            log.info("embedded Temporal test server on {}:{}", bound.getAddress().getHostAddress(), bound.getPort());
            return new EmbeddedTemporal(services, server, bound);
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

    /** Where clients in this process connect: loopback when the server listens on every interface. */
    String address() {
        InetAddress bound = address.getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public void close() {
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
