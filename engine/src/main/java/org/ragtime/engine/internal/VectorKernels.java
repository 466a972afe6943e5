package org.ragtime.engine.internal;

import java.util.Optional;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationTotals;
import org.ragtime.engine.Psth;
import org.ragtime.engine.SessionBinning;
import org.ragtime.engine.SpikeCounts;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.codec.Zlib;

/**
 * The Vector API backend: the scalar walk with its inner loops ({@link VectorLoops}) in SIMD, the
 * Vector API dF/F kernel and CSV scan; java.util.zip. This class names no incubator type, so it
 * loads (and can say why it cannot run) without the module.
 */
public final class VectorKernels extends KernelProvider {
    private static final Lazy<VectorKernels> INSTANCE = Lazy.of(VectorKernels::bind);

    private final SpikeCounts counts;
    private final SessionBinning binning;
    // the fused reductions place one spike at a time through a shared lookup (gathers); see Fused
    private final Psth psth = new JavaKernels.Mean();
    private final PresentationTotals totals = new JavaKernels.Totals();

    private VectorKernels() {
        counts = new JavaKernels.Counts(VectorLoops::drain);
        binning = new JavaKernels.Binning(VectorLoops::runEnd);
    }

    /** The vector backend, or UnsupportedOperationException saying why it cannot run. */
    public static VectorKernels create() {
        return INSTANCE.get();
    }

    private static VectorKernels bind() {
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
        return new VectorKernels();
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

    @Override
    public PresentationTotals presentationTotals() {
        return totals;
    }

    /** The Vector API kernel (this backend exists only where the module is readable). */
    @Override
    public AlignKernel align() {
        return AlignKernel.vector();
    }

    @Override
    public Zlib zlib() {
        return Zlib.jdk();
    }

    /** The Vector API scan (64-byte bit masks, as the C one). */
    @Override
    public CsvScan csvScan() {
        return CsvScan.vector();
    }
}
