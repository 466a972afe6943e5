package org.ragtime.engine.internal;

import static org.ragtime.engine.SpikeTrains.TIME;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.ragtime.engine.CountType;

/** SIMD versions of {@link Walk}'s pluggable inner loops, on the preferred species. */
final class VectorLoops {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Same lane count as {@link #I}, half / quarter the bits: the targets of the narrowing conversions. */
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(I.vectorBitSize() / 2));
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(I.vectorBitSize() / 4));
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorLoops() {
    }

    static int intLanes() {
        return I.length();
    }

    /** {@link Walk#drainScalar} with int lanes: max, clamp or binarize, narrow, store, clear. */
    static int drain(int[] slab, int n, MemorySegment out, long off, CountType type, boolean binarize) {
        // one loop per type: a type switch inside the loop defeats the intrinsics once the profile has seen two
        return switch (type) {
            case UINT8 -> drain8(slab, n, out, off, binarize);
            case UINT16 -> drain16(slab, n, out, off, binarize);
            case INT32 -> drain32(slab, n, out, off, binarize);
        };
    }

    private static IntVector clampOrBinarize(IntVector c, int cap, boolean binarize) {
        return binarize ? IntVector.zero(I).blend(1, c.compare(VectorOperators.GT, 0)) : c.min(cap);
    }

    private static int drain32(int[] slab, int n, MemorySegment out, long off, boolean binarize) {
        int bound = I.loopBound(n);
        IntVector zero = IntVector.zero(I);
        IntVector vmax = zero;
        int i = 0;
        for (; i < bound; i += I.length()) {
            IntVector c = IntVector.fromArray(I, slab, i);
            zero.intoArray(slab, i);
            vmax = vmax.max(c);
            clampOrBinarize(c, Integer.MAX_VALUE, binarize).intoMemorySegment(out, off + 4L * i, NATIVE);
        }
        int max = vmax.reduceLanes(VectorOperators.MAX);
        return i < n ? Math.max(max, Walk.drainRange(slab, i, n, out, off, CountType.INT32, binarize)) : max;
    }

    private static int drain16(int[] slab, int n, MemorySegment out, long off, boolean binarize) {
        int bound = I.loopBound(n);
        IntVector zero = IntVector.zero(I);
        IntVector vmax = zero;
        int i = 0;
        for (; i < bound; i += I.length()) {
            IntVector c = IntVector.fromArray(I, slab, i);
            zero.intoArray(slab, i);
            vmax = vmax.max(c);
            clampOrBinarize(c, 0xFFFF, binarize).convertShape(VectorOperators.I2S, S, 0).reinterpretAsShorts()
                    .intoMemorySegment(out, off + 2L * i, NATIVE);
        }
        int max = vmax.reduceLanes(VectorOperators.MAX);
        return i < n ? Math.max(max, Walk.drainRange(slab, i, n, out, off, CountType.UINT16, binarize)) : max;
    }

    private static int drain8(int[] slab, int n, MemorySegment out, long off, boolean binarize) {
        int bound = I.loopBound(n);
        IntVector zero = IntVector.zero(I);
        IntVector vmax = zero;
        int i = 0;
        for (; i < bound; i += I.length()) {
            IntVector c = IntVector.fromArray(I, slab, i);
            zero.intoArray(slab, i);
            vmax = vmax.max(c);
            clampOrBinarize(c, 0xFF, binarize).convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes()
                    .intoMemorySegment(out, off + i, NATIVE);
        }
        int max = vmax.reduceLanes(VectorOperators.MAX);
        return i < n ? Math.max(max, Walk.drainRange(slab, i, n, out, off, CountType.UINT8, binarize)) : max;
    }

    /** {@link Walk#runEndScalar} a vector of spikes at a time: the first lane not below the limit ends the run. */
    static long runEnd(MemorySegment t, long from, long end, double limit) {
        long j = from;
        if (j >= end || !(t.getAtIndex(TIME, j) < limit)) {
            return j; // sparse trains: most runs hold one spike
        }
        int lanes = D.length();
        while (j + lanes <= end) {
            VectorMask<Double> below = DoubleVector.fromMemorySegment(D, t, j * Double.BYTES, NATIVE)
                    .compare(VectorOperators.LT, limit);
            if (below.allTrue()) {
                j += lanes;
            } else {
                return j + below.not().firstTrue();
            }
        }
        return Walk.runEndScalar(t, j, end, limit);
    }
}
