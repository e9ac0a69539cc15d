package dev.crawlyard.activities.containers;

/** The container engine refused or failed a call; the message is the engine's own. */
public final class EngineException extends Exception {

    public EngineException(String message) {
        super(message);
    }
}
