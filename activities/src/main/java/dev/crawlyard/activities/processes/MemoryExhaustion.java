package dev.crawlyard.activities.processes;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises a process that ran out of memory by what it printed. Under RLIMIT_AS the kernel never
 * kills a process for its memory: its allocation fails (mmap or brk answer ENOMEM) and the program
 * decides what happens, which for the common runtimes is a recognisable last word on stderr. A
 * program that ignores a failed allocation may instead crash with SIGSEGV or abort with SIGABRT,
 * which the runner cannot tell from any other crash; see {@link ProcessFailure}.
 */
final class MemoryExhaustion {

    /** Lines longer than this are not looked at: runtimes print short last words. */
    private static final int LONGEST = 2000;

    private static final List<Pattern> SIGNATURES = List.of(
            // Python: the last line of the traceback ("MemoryError", "MemoryError: ...", or a subclass
            // such as numpy's "numpy.core._exceptions._ArrayMemoryError: Unable to allocate ...").
            Pattern.compile("^(\\w+\\.)*\\w*MemoryError\\b"),
            // C libraries and tools reporting ENOMEM: "Cannot allocate memory", "cannot allocate N bytes".
            Pattern.compile("cannot allocate memory|cannot allocate \\d+ bytes|memory allocation failed"
                    + "|unable to allocate"),
            // Node ("JavaScript heap out of memory", "Fatal process out of memory"), Go ("runtime: out of
            // memory"), Perl ("Out of memory!"), Ruby (NoMemoryError), glib ("failed to allocate").
            Pattern.compile("\\bout of memory\\b|nomemoryerror|failed to allocate \\d+ bytes"),
            // Java: java.lang.OutOfMemoryError, or a JVM that could not even reserve its heap.
            Pattern.compile("outofmemoryerror|insufficient memory for the java runtime|could not reserve enough space"),
            // C++: an uncaught std::bad_alloc.
            Pattern.compile("std::bad_alloc"),
            // The dynamic loader, when the limit is too low to map a shared library at all.
            Pattern.compile("failed to map segment from shared object"));

    private MemoryExhaustion() {
    }

    /** Whether {@code line} is one of the common runtimes' ways of saying an allocation failed. */
    static boolean isSignature(String line) {
        // Every log line passes here: a few substring searches keep the regular expressions for
        // the rare line that could be one.
        if (line.length() > LONGEST || !(line.contains("emory") || line.contains("EMORY") || line.contains("lloc")
                || line.contains("map segment") || line.contains("reserve enough"))) {
            return false;
        }
        String trimmed = line.strip();
        if (SIGNATURES.getFirst().matcher(trimmed).find()) {
            return true;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        for (int i = 1; i < SIGNATURES.size(); i++) {
            if (SIGNATURES.get(i).matcher(lower).find()) {
                return true;
            }
        }
        return false;
    }
}
