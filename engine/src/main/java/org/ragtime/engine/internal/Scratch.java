package org.ragtime.engine.internal;

/**
 * Per-thread working arrays of the Java kernels, grown on demand and kept, so repeated kernel calls
 * allocate nothing once warm. Only the thread that owns a Scratch touches it.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
    private static final int LONG_SLOTS = 4;

    private int[] ints = new int[0];
    private final long[][] longs = new long[LONG_SLOTS][0];

    private Scratch() {
    }

    /** This thread's scratch. */
    static Scratch get() {
        return LOCAL.get();
    }

    /** An int array of at least {@code n} elements (contents unspecified). */
    int[] ints(int n) {
        if (ints.length < n) {
            ints = new int[n];
        }
        return ints;
    }

    /** Long array number {@code slot} (0..3) of at least {@code n} elements (contents unspecified). */
    long[] longs(int slot, int n) {
        if (longs[slot].length < n) {
            longs[slot] = new long[n];
        }
        return longs[slot];
    }
}
