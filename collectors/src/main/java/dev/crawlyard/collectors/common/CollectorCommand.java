package dev.crawlyard.collectors.common;

/**
 * The shell command a built-in spider's tasks run: the node's Java and the collectors' jar, which
 * the node puts in the environment, and the type's main class. The heap is bounded and the reserved
 * code and class spaces are small, so that the process's address space stays modest under a memory limit.
 */
public final class CollectorCommand {

    private CollectorCommand() {
    }

    public static String of(Class<?> main) {
        return of(main, null);
    }

    /** The command with {@code extra} after the jar on the class path (Java expands a trailing {@code dir/*}). */
    public static String of(Class<?> main, String extra) {
        return "exec \"$CRAWLYARD_JAVA\" -Xmx512m -XX:+UseSerialGC"
                + " -XX:ReservedCodeCacheSize=64m -XX:CompressedClassSpaceSize=64m -XX:+ExitOnOutOfMemoryError"
                + " -cp \"$CRAWLYARD_COLLECTORS_JAR" + (extra == null ? "" : ":" + extra) + "\" " + main.getName();
    }
}
