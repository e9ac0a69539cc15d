package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.api.ApiTestBase;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Nothing of the standalone platform listens on the network by default: the embedded Temporal
 * (which has no authentication), the embedded PostgreSQL and the API listen on 127.0.0.1 only.
 * Shown twice: by the kernel's table of listening sockets, and by connecting through each of the
 * machine's other addresses, which must be refused while loopback is answered.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LoopbackBindingTest extends ApiTestBase {

    @Autowired
    EmbeddedServices embedded;

    @Test
    void temporalPostgresAndTheApiListenOnLoopbackOnly() throws IOException {
        for (Map.Entry<String, Integer> service : ports().entrySet()) {
            List<String> listening = listeningAddresses(service.getValue());

            assertThat(listening).as("%s's listening sockets", service.getKey()).isNotEmpty()
                    .allSatisfy(address -> assertThat(address).as(service.getKey()).isIn(
                            "0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"));
        }
    }

    @Test
    void theMachinesOtherAddressesAreRefusedWhileLoopbackAnswers() throws IOException {
        List<InetAddress> others = nonLoopbackAddresses();
        org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "this machine has no address but loopback");
        for (Map.Entry<String, Integer> service : ports().entrySet()) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", service.getValue()), 5000);
            }
            for (InetAddress other : others) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(other, service.getValue()), 5000);
                    }
                }).as("%s through %s", service.getKey(), other).isInstanceOf(IOException.class);
            }
        }
    }

    private Map<String, Integer> ports() {
        return Map.of(
                "Temporal", URI.create("grpc://" + embedded.temporalAddress().orElseThrow()).getPort(),
                "PostgreSQL", URI.create(embedded.jdbcUrl().orElseThrow().substring(5)).getPort(),
                "the API", port);
    }

    /** The local addresses (hex, as the kernel writes them) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                boolean listen = fields[3].equals("0A");
                if (listen && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(local[0]);
                }
            }
        }
        return addresses;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                Collections.list(network.getInetAddresses()).stream()
                        .filter(address -> address instanceof Inet4Address)
                        .forEach(addresses::add);
            }
        }
        return addresses;
    }
}
