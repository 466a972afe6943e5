package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;

/** Binary searches over sorted float64 segments, with numpy's {@code searchsorted} sides. */
final class Search {
    private Search() {
    }

    /** First index in {@code [lo, hi)} whose value is {@code >= key} (numpy side="left"); callers never pass NaN. */
    static long lowerBound(MemorySegment a, long lo, long hi, double key) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (a.getAtIndex(VALUE, mid) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index in {@code [lo, hi)} whose value is {@code > key} (numpy side="right"). */
    static long upperBound(MemorySegment a, long lo, long hi, double key) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (a.getAtIndex(VALUE, mid) <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
