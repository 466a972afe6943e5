package org.ragtime.engine.internal;

import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationTotals;
import org.ragtime.engine.Psth;
import org.ragtime.engine.SessionBinning;
import org.ragtime.engine.SpikeCounts;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.codec.Zlib;

/** The reference backend: plain Java loops, one element at a time; java.util.zip and the Java CSV scan. */
public final class ScalarKernels extends KernelProvider {
    /** The scalar backend (always available). */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private final SpikeCounts counts = new JavaKernels.Counts(Walk::drainScalar);
    private final SessionBinning binning = new JavaKernels.Binning(Walk::runEndScalar);
    private final Psth psth = new JavaKernels.Mean();
    private final PresentationTotals totals = new JavaKernels.Totals();

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

    @Override
    public PresentationTotals presentationTotals() {
        return totals;
    }

    @Override
    public AlignKernel align() {
        return AlignKernel.scalar();
    }

    @Override
    public Zlib zlib() {
        return Zlib.jdk();
    }

    @Override
    public CsvScan csvScan() {
        return CsvScan.scalar();
    }
}
