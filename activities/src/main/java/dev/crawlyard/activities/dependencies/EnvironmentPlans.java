package dev.crawlyard.activities.dependencies;

import dev.crawlyard.store.files.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which environments a workspace needs. The spider's own install command, when it has
 * one, is in charge of everything; otherwise requirements.txt calls for a Python venv and
 * package.json for npm's node_modules (both, if both are there). Only files at the workspace's root
 * count.
 */
final class EnvironmentPlans {

    /** Part of every key: a change to how environments are built changes every key with it. */
    private static final String KEY_VERSION = "crawlyard-environment/1";

    private static final List<String> CUSTOM_INPUTS = List.of("requirements.txt", "package.json", "package-lock.json",
            "npm-shrinkwrap.json");
    private static final List<String> NPM_INPUTS = List.of("package.json", "package-lock.json", "npm-shrinkwrap.json");

    private final Runtimes runtimes;

    EnvironmentPlans(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    List<EnvironmentPlan> detect(Path workspace, String installCommand) throws IOException {
        List<EnvironmentPlan> plans = new ArrayList<>();
        if (installCommand != null) {
            // The command's own text and the manifests it most likely reads make its key; what
            // else it reads is its own business (see the README).
            Map<String, byte[]> inputs = read(workspace, CUSTOM_INPUTS);
            plans.add(new EnvironmentPlan(EnvironmentKind.CUSTOM, "the install command", key(EnvironmentKind.CUSTOM,
                    installCommand, inputs), Map.of(), installCommand));
            return plans;
        }
        Map<String, byte[]> requirements = read(workspace, List.of(DependencyManifests.PYTHON));
        if (!requirements.isEmpty()) {
            plans.add(new EnvironmentPlan(EnvironmentKind.PYTHON, "requirements.txt",
                    key(EnvironmentKind.PYTHON, runtimes.python(), requirements), Map.of(), null));
        }
        Map<String, byte[]> npm = read(workspace, NPM_INPUTS);
        if (npm.containsKey(DependencyManifests.NPM)) {
            plans.add(new EnvironmentPlan(EnvironmentKind.NPM, "package.json",
                    key(EnvironmentKind.NPM, runtimes.npm(), npm), npm, null));
        }
        return plans;
    }

    /**
     * The files among {@code names} at the workspace's root, by name. A symbolic link is never
     * followed: the workspace holds regular files only, and a link could only point out of it.
     */
    private static Map<String, byte[]> read(Path workspace, List<String> names) throws IOException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String name : names) {
            Path file = workspace.resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                found.put(name, Files.readAllBytes(file));
            }
        }
        return found;
    }

    /** Every part is written with its length, so that no two different inputs hash alike. */
    private static String key(EnvironmentKind kind, String runtime, Map<String, byte[]> files) {
        MessageDigest digest = Sha256.digest();
        update(digest, KEY_VERSION.getBytes(StandardCharsets.UTF_8));
        update(digest, kind.name().getBytes(StandardCharsets.UTF_8));
        update(digest, runtime.getBytes(StandardCharsets.UTF_8));
        files.forEach((name, body) -> {
            update(digest, name.getBytes(StandardCharsets.UTF_8));
            update(digest, body);
        });
        return Sha256.hex(digest.digest());
    }

    private static void update(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(part.length).array());
        digest.update(part);
    }
}
