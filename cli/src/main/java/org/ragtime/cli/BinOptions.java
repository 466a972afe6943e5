package org.ragtime.cli;

import java.util.Locale;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinEdges;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Option;

/**
 * Bin edges relative to each presentation onset: {@code --bins START:STOP:STEP} or {@code --edges E0,E1,...}.
 * Grid edges are {@code START + k*STEP} for k = 0..round((STOP-START)/STEP), computed by one multiply and
 * one add each (never by accumulation, which drifts), as the contract specifies. The edges must meet
 * {@link BinEdges#requireIncreasing} (the one edge rule); their coordinates come from {@link BinEdges#centres}.
 */
public final class BinOptions {
    @Option(names = "--bins", paramLabel = "START:STOP:STEP",
            description = "Bin edges START, START+STEP, ... up to and including STOP (seconds, relative to onset);"
                    + " STOP must lie on that grid (an off-grid STOP is refused, naming the nearest grid values).")
    String bins;

    @Option(names = "--edges", paramLabel = "E0,E1,...", split = ",",
            description = "Explicit bin edges (seconds, relative to onset), strictly increasing.")
    double[] edges;

    /** The edges, validated; exactly one of --bins and --edges must be given. */
    public double[] edges() {
        if ((bins == null) == (edges == null)) {
            throw new BadInputException("give exactly one of --bins START:STOP:STEP and --edges E0,E1,...");
        }
        return BinEdges.requireIncreasing(bins != null ? grid(bins) : edges.clone());
    }

    /** Parses START:STOP:STEP into its edges. */
    static double[] grid(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length != 3) {
            throw new BadInputException("--bins " + spec + ": expected START:STOP:STEP, e.g. -0.1:0.5:0.01");
        }
        double start;
        double stop;
        double step;
        try {
            start = Double.parseDouble(p[0]);
            stop = Double.parseDouble(p[1]);
            step = Double.parseDouble(p[2]);
        } catch (NumberFormatException e) {
            throw new BadInputException("--bins " + spec + ": not a number: " + e.getMessage());
        }
        if (!(step > 0) || !Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step) || !(stop > start)) {
            throw new BadInputException("--bins " + spec + ": need finite START < STOP and STEP > 0");
        }
        double count = Math.rint((stop - start) / step);
        if (count > 10_000_000) {
            throw new BadInputException("--bins " + spec + ": " + (long) count + " bins is more than 10 million");
        }
        double last = start + count * step;
        if (Math.abs(last - stop) > 1e-9) { // the contract's tolerance: never move the last edge past STOP
            double below = start + Math.floor((stop - start) / step) * step;
            double above = start + Math.ceil((stop - start) / step) * step;
            throw new BadInputException(String.format(Locale.ROOT,
                    "--bins %s: STOP %s is not on the grid START + k*STEP; the nearest grid values are %s and %s",
                    spec, p[1], shortest(below), shortest(above)));
        }
        return EcephysSession.edges(start, stop, step); // the library's grid: the same edge values
    }

    /** {@code x} with the fewest digits that still name it to 1e-12 (0.28, not 0.28000000000000003). */
    private static String shortest(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    /** Bin centres as AllenSDK reports them: {@link BinEdges#centres}. */
    public static double[] centres(double[] edges) {
        return BinEdges.centres(edges);
    }
}
