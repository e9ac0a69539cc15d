package dev.crawlyard.activities.processes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The last words of the common runtimes when an allocation fails, and lines that are not. */
class MemoryExhaustionTest {

    @Test
    void theCommonRuntimesWaysOfSayingAnAllocationFailedAreRecognised() {
        assertThat(MemoryExhaustion.isSignature("MemoryError")).isTrue();
        assertThat(MemoryExhaustion.isSignature("MemoryError: cannot allocate array")).isTrue();
        assertThat(MemoryExhaustion.isSignature("numpy.core._exceptions._ArrayMemoryError: Unable to allocate 7.45 GiB"))
                .isTrue();
        assertThat(MemoryExhaustion.isSignature("numpy.core._exceptions.MemoryError: x")).isTrue();
        assertThat(MemoryExhaustion.isSignature("sh: 1: Cannot fork: Cannot allocate memory")).isTrue();
        assertThat(MemoryExhaustion.isSignature("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory")).isTrue();
        assertThat(MemoryExhaustion.isSignature("fatal error: runtime: out of memory")).isTrue();
        assertThat(MemoryExhaustion.isSignature("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space")).isTrue();
        assertThat(MemoryExhaustion.isSignature("Error occurred during initialization of VM: Could not reserve enough space for object heap")).isTrue();
        assertThat(MemoryExhaustion.isSignature("terminate called after throwing an instance of 'std::bad_alloc'")).isTrue();
        assertThat(MemoryExhaustion.isSignature("python3: error while loading shared libraries: libm.so.6: failed to map segment from shared object")).isTrue();
        assertThat(MemoryExhaustion.isSignature("Out of memory!")).isTrue();
    }

    @Test
    void ordinaryLinesAreNot() {
        assertThat(MemoryExhaustion.isSignature("page 7 fetched")).isFalse();
        assertThat(MemoryExhaustion.isSignature("memory usage: 120 MB")).isFalse();
        assertThat(MemoryExhaustion.isSignature("allocated 10 buffers")).isFalse();
        assertThat(MemoryExhaustion.isSignature("x".repeat(5000) + " out of memory")).isFalse();
    }
}
