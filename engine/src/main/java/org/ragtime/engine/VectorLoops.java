package org.ragtime.engine;

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
        int bound = I.loopBound(n);
        IntVector zero = IntVector.zero(I);
        IntVector one = IntVector.broadcast(I, 1);
        IntVector cap = IntVector.broadcast(I, type.max());
        IntVector vmax = zero;
        int i = 0;
        for (; i < bound; i += I.length()) {
            IntVector c = IntVector.fromArray(I, slab, i);
            zero.intoArray(slab, i);
            vmax = vmax.max(c);
            IntVector v = binarize ? zero.blend(one, c.compare(VectorOperators.GT, 0)) : c.min(cap);
            switch (type) {
                case UINT8 -> v.convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes()
                        .intoMemorySegment(out, off + i, NATIVE);
                case UINT16 -> ((ShortVector) v.convertShape(VectorOperators.I2S, S, 0))
                        .intoMemorySegment(out, off + 2L * i, NATIVE);
                case INT32 -> v.intoMemorySegment(out, off + 4L * i, NATIVE);
            }
        }
        int max = vmax.reduceLanes(VectorOperators.MAX);
        return i < n ? Math.max(max, Walk.drainRange(slab, i, n, out, off, type, binarize)) : max;
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
