package dev.crawlyard.activities.dependencies;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The files that call for an install when a spider has no install command of its own: a
 * {@code requirements.txt} (a Python venv) or a {@code package.json} (npm's node_modules), as regular
 * files at the workspace's root, the same test the install step makes. The sync names those it
 * wrote, so that the workflow leaves out an install that would find none.
 */
public final class DependencyManifests {

    static final String PYTHON = "requirements.txt";
    static final String NPM = "package.json";

    private DependencyManifests() {
    }

    /** The manifests the workspace holds, in this order: requirements.txt, package.json. */
    public static List<String> in(Path workspace) {
        return List.of(PYTHON, NPM).stream()
                .filter(name -> Files.isRegularFile(workspace.resolve(name), LinkOption.NOFOLLOW_LINKS))
                .toList();
    }
}
