package dev.crawlyard.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded PostgreSQL's {@code pg_hba.conf}: SCRAM passwords for every connection, nothing trusted. */
final class PasswordAuthentication {

    private static final String MARKER = "# crawlyard: password authentication";

    private static final String HBA = MARKER + """

            # Written by Crawlyard. Every connection must give the password kept beside the data
            # directory (<data-dir>.password). The server listens on 127.0.0.1 only and has no Unix
            # socket; a connection that matches no line here is refused.
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;

    private PasswordAuthentication() {
    }

    /** Whether the data directory's pg_hba.conf is Crawlyard's. */
    static boolean isSetUp(Path dataDir) {
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            return Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(MARKER);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + hba, e);
        }
    }

    static void writeHba(Path dataDir) {
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            Path written = Files.writeString(dataDir.resolve("pg_hba.conf.crawlyard"), HBA, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(written, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(written, hba, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + hba, e);
        }
    }
}
