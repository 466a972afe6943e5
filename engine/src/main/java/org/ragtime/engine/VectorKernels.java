package org.ragtime.engine;

import java.util.Optional;

/**
 * The Vector API backend: the scalar walk with its inner loops ({@link VectorLoops}) in SIMD. This class
 * names no incubator type, so it loads (and can say why it cannot run) without the module.
 */
final class VectorKernels extends KernelProvider {
    private static volatile VectorKernels instance;

    private final SpikeCounts counts;
    private final SessionBinning binning;
    private final Psth psth = new JavaKernels.Mean(); // bound by the spike walk; nothing to vectorise

    private VectorKernels() {
        counts = new JavaKernels.Counts(VectorLoops::drain);
        binning = new JavaKernels.Binning(VectorLoops::runEnd);
    }

    /** The vector backend, or UnsupportedOperationException saying why it cannot run. */
    static VectorKernels create() {
        VectorKernels v = instance;
        if (v == null) {
            Optional<Module> m = ModuleLayer.boot().findModule("jdk.incubator.vector");
            if (m.isEmpty() || !VectorKernels.class.getModule().canRead(m.get())) {
                throw new UnsupportedOperationException(
                        "module jdk.incubator.vector not readable: pass --add-modules jdk.incubator.vector");
            }
            int lanes;
            try {
                lanes = VectorLoops.intLanes();
            } catch (LinkageError e) { // e.g. a preferred vector too narrow for the narrowing species
                throw new UnsupportedOperationException("vector loops unavailable: " + e);
            }
            if (lanes < 8) {
                throw new UnsupportedOperationException("the preferred int vector has only " + lanes
                        + " lanes (needs 256-bit SIMD and C2)");
            }
            v = new VectorKernels();
            instance = v;
        }
        return v;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public SpikeCounts spikeCounts() {
        return counts;
    }

    @Override
    public SessionBinning sessionBinning() {
        return binning;
    }

    @Override
    public Psth psth() {
        return psth;
    }
}
