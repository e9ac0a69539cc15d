package dev.crawlyard.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files are their owner's alone, and so is a directory made for one. */
class SecretFilesTest {

    @TempDir
    Path home;

    @Test
    void aSecretIsGeneratedOnceIntoAFileAndADirectoryOnlyItsOwnerReads() throws Exception {
        Path file = home.resolve(".crawlyard").resolve("temporal.key");

        String secret = SecretFiles.readOrCreate(file);

        assertThat(secret).matches("[A-Za-z0-9_-]{32}");
        assertThat(SecretFiles.readOrCreate(file)).isEqualTo(secret);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
    }

    @Test
    void aFileMadeReadableByOthersIsMadeTheOwnersAgainAndAnEmptyOneIsAnError() throws Exception {
        Path file = Files.writeString(home.resolve("postgres.password"), "given\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(SecretFiles.readOrCreate(file)).isEqualTo("given");
        assertThat(mode(file)).isEqualTo("rw-------");

        Files.writeString(file, "\n");
        assertThatThrownBy(() -> SecretFiles.readOrCreate(file)).hasMessageContaining("is empty");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
