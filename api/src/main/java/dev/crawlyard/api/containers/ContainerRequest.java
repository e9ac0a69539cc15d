package dev.crawlyard.api.containers;

import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.workflows.task.ContainerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code container} object of a spider or of one run: the spider runs in a container on a
 * node's Docker engine instead of as a process. Read strictly like the rest of the body, so that a
 * misspelt or unsupported field is a 400 that names it.
 *
 * @param image         required: the image, {@code name[:tag]} or {@code name@sha256:<digest>}
 * @param pull          {@code missing} (default: pull only when the node lacks it), {@code always} or {@code never}
 * @param network       {@code host} (default), {@code none} or {@code bridge}
 * @param cpus          optional CPU limit, 0.01 to 256
 * @param memoryLimitMb optional memory limit in MiB, 6 to 1048576; past it the engine kills the container
 * @param pidsLimit     optional limit on the container's processes, 1 to 1000000
 * @param mounts        optional directories of the node to bind into the container (at most 16); a node
 *                      runs the task only if its {@code crawlyard.containers.allowed-mounts} allow each
 */
public record ContainerRequest(String image, String pull, String network, Double cpus, Long memoryLimitMb,
        Integer pidsLimit, List<MountRequest> mounts) {

    /**
     * One directory to bind.
     *
     * @param source   the node's directory: an absolute, normalised path
     * @param target   where the container sees it: an absolute, normalised path outside {@code /app}
     * @param readOnly whether the container may only read it (default true)
     */
    public record MountRequest(String source, String target, Boolean readOnly) {
    }

    public static final int MAX_MOUNTS = 16;
    private static final int MAX_PATH_LENGTH = 1024;
    /** Where the platform mounts the workspace, the config and the output: no mount goes there. */
    private static final String RESERVED = "/app";

    /** A Docker image reference: optional registry and path components, a tag and/or a digest. */
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final int MAX_IMAGE_LENGTH = 255;
    private static final Set<String> PULLS = Set.of("missing", "always", "never");
    private static final Set<String> NETWORKS = Set.of("host", "none", "bridge");

    /** The container this asks for, or null with the errors added when it is not one. */
    public static ContainerSpec check(String field, ContainerRequest request, FieldErrors errors) {
        if (request == null) {
            return null;
        }
        int before = errors.count();
        String image = request.image() == null ? "" : request.image();
        errors.require(!image.isEmpty() && image.length() <= MAX_IMAGE_LENGTH && IMAGE.matcher(image).matches(),
                field + ".image", "required: an image reference such as 'python:3.12-slim' or"
                        + " 'registry.example.com/team/spider:1.4' (lower-case name, optional tag or @sha256 digest)");
        errors.require(request.pull() == null || PULLS.contains(request.pull()), field + ".pull",
                "must be 'missing' (the default), 'always' or 'never'");
        errors.require(request.network() == null || NETWORKS.contains(request.network()), field + ".network",
                "must be 'host' (the default: the API is reachable as from the node), 'none' or 'bridge'");
        errors.require(request.cpus() == null || (request.cpus() >= 0.01 && request.cpus() <= 256), field + ".cpus",
                "must be between 0.01 and 256");
        errors.range(field + ".memoryLimitMb", request.memoryLimitMb(), 6, 1024L * 1024);
        errors.range(field + ".pidsLimit", request.pidsLimit(), 1, 1_000_000);
        List<ContainerSpec.Mount> mounts = mounts(field + ".mounts", request.mounts(), errors);
        if (errors.count() > before) {
            return null;
        }
        return new ContainerSpec(image, request.pull(), request.network(), request.cpus(), request.memoryLimitMb(),
                request.pidsLimit(), mounts);
    }

    private static List<ContainerSpec.Mount> mounts(String field, List<MountRequest> requested, FieldErrors errors) {
        if (requested == null) {
            return List.of();
        }
        errors.require(requested.size() <= MAX_MOUNTS, field, "must be at most " + MAX_MOUNTS + " entries, not "
                + requested.size());
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < Math.min(requested.size(), MAX_MOUNTS); i++) {
            MountRequest mount = requested.get(i);
            String at = field + "[" + i + "]";
            if (mount == null) {
                errors.add(at, "must be an object with source and target");
                continue;
            }
            String source = path(at + ".source", mount.source(), errors);
            String target = path(at + ".target", mount.target(), errors);
            if (target != null && (target.equals(RESERVED) || target.startsWith(RESERVED + "/"))) {
                errors.add(at + ".target", "must be outside /app, where the platform mounts the workspace, the"
                        + " config and the output");
                target = null;
            }
            if (target != null && !targets.add(target)) {
                errors.add(at + ".target", "is the target of another mount");
            }
            if (source != null && target != null) {
                mounts.add(new ContainerSpec.Mount(source, target, mount.readOnly() == null || mount.readOnly()));
            }
        }
        return mounts;
    }

    /** The path if it is an absolute, normalised path other than / that the engine's --mount can take; else null. */
    private static String path(String field, String path, FieldErrors errors) {
        if (path == null || path.isEmpty()) {
            errors.add(field, "required: an absolute path");
            return null;
        }
        boolean fits = path.length() <= MAX_PATH_LENGTH && path.indexOf('\0') < 0 && path.indexOf(',') < 0
                && path.indexOf('=') < 0 && path.indexOf('\\') < 0;
        if (!fits) {
            errors.add(field, "must be at most " + MAX_PATH_LENGTH + " characters, without NUL, ',', '=' or '\\'");
            return null;
        }
        boolean normal = path.startsWith("/") && !path.equals("/") && !path.endsWith("/")
                && Path.of(path).normalize().toString().equals(path);
        if (!normal) {
            errors.add(field, "must be an absolute, normalised path other than / (no '..', '.', '//' or trailing '/')");
            return null;
        }
        return path;
    }

    /** The request that would make {@code spec}, for showing a spider's container. */
    public static ContainerRequest of(ContainerSpec spec) {
        return spec == null ? null : new ContainerRequest(spec.image(), spec.pull(), spec.network(), spec.cpus(),
                spec.memoryLimitMb(), spec.pidsLimit(), spec.mounts().stream()
                        .map(mount -> new MountRequest(mount.source(), mount.target(), mount.readOnly())).toList());
    }
}
