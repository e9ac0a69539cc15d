package dev.crawlyard.api.spiders;

import java.util.Map;

/**
 * The body of {@code POST /api/spiders}.
 *
 * @param name        unique; letters, digits, '.', '_' and '-'
 * @param description optional free text
 * @param command     the shell command that starts the spider in its workspace
 * @param files       optional inline files, relative path to text
 * @param env         optional environment variables for every run
 */
public record CreateSpiderRequest(String name, String description, String command, Map<String, String> files,
        Map<String, String> env) {
}
