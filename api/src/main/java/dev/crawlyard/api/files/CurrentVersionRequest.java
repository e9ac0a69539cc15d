package dev.crawlyard.api.files;

/**
 * The body of {@code PUT /api/spiders/{ref}/current-version}.
 *
 * @param version the version runs use from now on when they name none
 */
public record CurrentVersionRequest(Integer version) {
}
