package dev.crawlyard.store.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Secret files: the embedded PostgreSQL's password and the embedded Temporal's API key are
 * generated on the platform's first start and kept in files only the platform's user can read
 * (mode 0600), from which every process of the platform on this machine (the api, its node,
 * worker-hosts joining it) reads them.
 */
public final class SecretFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** The secret in {@code file}'s first line, if the file exists. */
    public static Optional<String> readIfPresent(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("the secret file " + file + " is empty");
            }
            return Optional.of(password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the secret file " + file
                    + " (it is readable only by the user the platform runs as)", e);
        }
    }

    /** The secret in {@code file}, generated and written there (mode 0600) if the file does not exist. */
    public static String readOrCreate(Path file) {
        Optional<String> existing = readIfPresent(file);
        if (existing.isPresent()) {
            restrict(file);
            return existing.get();
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        // URL-safe Base64 has no quote, backslash or space: safe in SQL, a connection string and a file.
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            // A directory made here (~/.crawlyard on a first start) is its owner's alone, as the embedded
            // PostgreSQL makes it: the key may be written before the database starts.
            Files.createDirectories(file.toAbsolutePath().getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            // Created with its final mode, so that it is never readable by others, not even for a moment.
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), (password + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.WRITE);
            return password;
        } catch (FileAlreadyExistsException e) {
            return readIfPresent(file).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the secret file " + file, e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make " + file + " readable by its owner only", e);
        }
    }
}
