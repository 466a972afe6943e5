package org.ragtime.synth;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Independent, reproducible random streams derived from one seed: each purpose (rates, spikes of
 * unit u, presentations, ...) gets its own generator, so changing one part of a session does not
 * shift the random numbers of another.
 */
final class Seeds {
    // behaviour's streams were numbered first (its bundled files depend on them); tuning's come after
    static final long RATES = 1, SPIKES = 2, UNIT_METRICS = 3, PROBES = 4, CONDITIONS = 5, OBJECT_IDS = 6, TRIALS = 7,
            RUNNING = 8, EYE = 9, TUNING = 10, EVOKED = 11;

    private Seeds() {}

    static SplittableRandom stream(long seed, long purpose, long index) {
        return new SplittableRandom(mix(mix(seed ^ 0x5DEECE66DL) + purpose * 0x9E3779B97F4A7C15L + index));
    }

    /** A version-4 UUID string from a seeded stream, as hdmf's {@code object_id} (which is uuid4). */
    static String uuid(SplittableRandom rng) {
        long hi = (rng.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** SplitMix64 finaliser: decorrelates nearby seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
