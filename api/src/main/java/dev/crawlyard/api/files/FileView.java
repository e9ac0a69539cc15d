package dev.crawlyard.api.files;

/** One file of a version: its relative path, its size and the SHA-256 of its content. */
public record FileView(String path, long size, String sha256) {
}
