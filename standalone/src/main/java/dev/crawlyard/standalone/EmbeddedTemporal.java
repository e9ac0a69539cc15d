package dev.crawlyard.standalone;

import io.temporal.testserver.TestServer;
import java.io.Closeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test server, bound to a port so that worker-hosts in other JVMs can join. It
 * keeps its state in memory (a restart forgets running workflows; the task rows stay), and it
 * implements neither Schedules nor visibility queries nor the web UI: the compose stack's real
 * server does.
 */
final class EmbeddedTemporal implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

    private final TestServer.PortBoundTestServer server;
    private final int port;

    private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedTemporal start(int port) {
        // Time skipping is locked: the platform runs in real time.
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        log.info("embedded Temporal test server on port {}", port);
        return new EmbeddedTemporal(server, port);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.close();
    }
}
