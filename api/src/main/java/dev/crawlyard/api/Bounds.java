package dev.crawlyard.api;

/**
 * The range of every number and the length of every text a request may carry (README, "Bounds").
 * A value outside its range is a 400 naming the field, before anything is written.
 */
public final class Bounds {

    /** A runtime limit: 0 (none) to 365 days. Temporal's timeouts are derived from it, so it must stay far from overflow. */
    public static final long MAX_RUNTIME_LIMIT_SECONDS = 365L * 24 * 3600;

    /** A memory limit: 0 (none), or 16 MiB (less cannot start a shell) to 1 TiB. */
    public static final long MIN_MEMORY_LIMIT_MB = 16;
    public static final long MAX_MEMORY_LIMIT_MB = 1024L * 1024;

    /** Attempts of a failing run: 1 to 20. */
    public static final int MAX_ATTEMPTS = 20;

    /** The first retry's wait: 0 to a day. */
    public static final long MAX_RETRY_BACKOFF_SECONDS = 86_400;

    /** A command or install command. */
    public static final int MAX_COMMAND_LENGTH = 10_000;

    /** A spider's description. */
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;

    /** A pause note. */
    public static final int MAX_NOTE_LENGTH = 1_000;

    /** A node's name. */
    public static final int MAX_NAME_LENGTH = 100;

    /** A parameter name, environment variable name or label key. */
    public static final int MAX_KEY_LENGTH = 256;

    /** A label's value. */
    public static final int MAX_LABEL_LENGTH = 500;

    /** Labels on one node. */
    public static final int MAX_LABELS = 50;

    /** Node keys in one request, and the length of each. */
    public static final int MAX_NODES = 1_000;
    public static final int MAX_NODE_KEY_LENGTH = 200;

    /**
     * The parameters and environment of one run or schedule, or a spider's environment, in UTF-8
     * bytes of names and values together. They travel in the task's workflow input, and Temporal
     * refuses payloads past 2 MB.
     */
    public static final int MAX_RUN_INPUT_BYTES = 256 * 1024;

    /** A schedule's consecutive failures before it pauses itself. */
    public static final int MAX_AUTO_PAUSE_AFTER = 1_000;

    /** A webhook's target URL. */
    public static final int MAX_WEBHOOK_URL_LENGTH = 2_000;

    /** The events one webhook subscription names (there are six; a few repeats are forgiven). */
    public static final int MAX_WEBHOOK_EVENTS = 20;

    /** A spider named by id or name in a request. */
    public static final int MAX_SPIDER_REF_LENGTH = 200;

    /** The highest page number of a paged list. */
    public static final int MAX_PAGE = 1_000_000;

    private Bounds() {
    }
}
