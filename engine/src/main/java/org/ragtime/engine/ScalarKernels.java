package org.ragtime.engine;

/** The reference backend: plain Java loops, one element at a time. */
final class ScalarKernels extends KernelProvider {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private final SpikeCounts counts = new JavaKernels.Counts(Walk::drainScalar);
    private final SessionBinning binning = new JavaKernels.Binning(Walk::runEndScalar);
    private final Psth psth = new JavaKernels.Mean();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
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
