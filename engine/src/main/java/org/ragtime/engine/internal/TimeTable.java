package org.ragtime.engine.internal;

import java.util.Arrays;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.PresentationWindows;

/**
 * A time lookup shared by all units, built once per call, for the fused reductions (issue 16): it maps a
 * spike time straight to the cells (presentation bins, or presentations) that hold it, so each unit's
 * spikes are read once, in order, with no per-window search.
 *
 * <p>The distinct absolute boundaries of all cells, {@code b[0] < ... < b[m-1]} (exactly the values the cube
 * path compares against), cut the time axis into slots: slot {@code 2i} is the point {@code b[i]}, slot
 * {@code 2i+1} the open interval {@code (b[i], b[i+1])}. Every slot lies wholly inside or outside each cell
 * under any of the rules (closed, half-open, {@code (start, stop]}), so {@link #code} gives a slot's cell:
 * {@code >= 0} the one cell's code (or the gap code when no cell holds it), {@code < 0} (as {@code ~s}) the
 * list {@code s} of the several cells that hold it (a spike exactly on a shared edge under the closed rule,
 * overlapping windows); the lists are {@code slowCells[slowStart[s] .. slowStart[s+1])}.
 *
 * <p>A spike's slot is found without a search: a uniform grid over {@code [b[0], b[m-1]]} of step about half
 * the narrowest gap between boundaries stores, per grid step {@code j}, the number {@code g} of boundaries
 * whose grid index (the very expression {@code (int) ((v - t0) * inv)} the kernels evaluate) is below
 * {@code j}. Rounding is monotone, so those boundaries are below every spike of step j and the boundaries
 * of later steps above it; with at most one boundary in step j, the spike's boundary index is
 * {@code g - 1 + (b[g] <= x)}. Steps holding two or more boundaries are stored as {@code ~g} and settled by a
 * short scan. {@code b[m]} is {@code +inf}, a sentinel.
 */
final class TimeTable {
    /** Largest grid (ints): 4 MB. */
    static final int GRID_CAP = 1 << 20;
    /** Most boundary values (edges of all windows) a table is built for (about 130 MB while building). */
    static final int MAX_BOUNDARIES = 1 << 22;
    /**
     * {@code -Dragtime.fused=off} turns the table off (every call then walks the windows, as before issue 16):
     * for benchmarking the two paths against each other. Read once.
     */
    static final boolean ENABLED = !"off".equals(System.getProperty("ragtime.fused"));

    final double[] b;
    final int m;
    final int[] code;
    final int[] slowStart;
    final int[] slowCells;
    final int[] grid;
    /**
     * The fast path, two longs per grid step: the raw bits of the one boundary in the step (+inf when none, NaN
     * when several), then the codes of the open slots below (low half) and above (high half) it. A spike
     * below the boundary takes the low code, else the high one; a negative code ({@link #SLOW}: several
     * boundaries in the step, or several cells in the slot) or a spike exactly on the boundary takes the
     * general path ({@link #slot}).
     */
    final long[] fast;
    /** A fast code sending the spike down the general path. */
    static final int SLOW = Integer.MIN_VALUE;
    final double t0;
    final double inv;
    /** b[m - 1]: spikes above it are in no cell. */
    final double last;
    /** Grid steps per time chunk (the kernels place all units' spikes of one chunk before the next). */
    final int chunkSteps;
    /** Number of chunks. */
    final int chunks;

    private TimeTable(double[] b, int m, int[] code, int[] slowStart, int[] slowCells, int[] grid, long[] fast, double t0,
                      double inv) {
        this.fast = fast;
        this.b = b;
        this.m = m;
        this.code = code;
        this.slowStart = slowStart;
        this.slowCells = slowCells;
        this.grid = grid;
        this.t0 = t0;
        this.inv = inv;
        this.last = b[m - 1];
        // a chunk's share of the table (grid, boundaries, slot codes) about 128 KB, well inside L2
        double bytesPerStep = 16;
        this.chunkSteps = (int) Math.max(1024, Math.min(grid.length, (128 << 10) / bytesPerStep));
        this.chunks = (grid.length + chunkSteps - 1) / chunkSteps;
    }

    /** Spikes below this time belong to chunks up to c (the last chunk takes everything). */
    double chunkLimit(int c) {
        return c == chunks - 1 ? Double.POSITIVE_INFINITY : t0 + (double) (c + 1) * chunkSteps / inv;
    }

    private enum Kind { CLOSED, HALF_OPEN, LEFT_OPEN }

    /**
     * The table of a window list for the PSTH: cell codes are bin indices, the gap code is {@code nb}. Null
     * when the fused path does not apply (no presentations, non-finite edges, windows overlapping so much
     * that the table would grow past a few entries per cell, more than {@link #MAX_BOUNDARIES} edges, a grid
     * larger than {@link #GRID_CAP}); the caller then walks the windows.
     */
    static TimeTable forWindows(PresentationWindows w) {
        if (!ENABLED) {
            return null;
        }
        double[] dom = Windows.domain(w);
        int nb = w.binCount();
        int ne = nb + 1;
        int np = w.presentationCount();
        int valid = 0;
        for (int p = 0; p < np; p++) {
            if (dom[p * ne] == dom[p * ne]) {
                valid++;
            }
        }
        if (valid == 0 || (long) valid * ne > MAX_BOUNDARIES) {
            return null;
        }
        double[] vals = new double[Math.multiplyExact(valid, ne)];
        int at = 0;
        for (int p = 0; p < np; p++) {
            if (dom[p * ne] == dom[p * ne]) { // a NaN start leaves the window empty
                System.arraycopy(dom, p * ne, vals, at, ne);
                at += ne;
            }
        }
        return build(vals, valid, nb, null, nb, w.rule() == BinRule.CLOSED ? Kind.CLOSED : Kind.HALF_OPEN);
    }

    /**
     * The table of presentations {@code (starts[p], stops[p]]} (start before stop) for per-presentation totals:
     * cell codes are presentation indices, the gap code is {@code np}. Null when the fused path does not apply.
     */
    static TimeTable forIntervals(double[] starts, double[] stops) {
        int np = starts.length;
        if (np == 0 || !ENABLED || 2L * np > MAX_BOUNDARIES) {
            return null;
        }
        double[] vals = new double[Math.multiplyExact(np, 2)];
        int[] codes = new int[np];
        for (int p = 0; p < np; p++) {
            vals[2 * p] = starts[p];
            vals[2 * p + 1] = stops[p];
            codes[p] = p;
        }
        return build(vals, np, 1, codes, np, Kind.LEFT_OPEN);
    }

    /**
     * @param vals      groups of nb + 1 non-decreasing boundaries, group after group
     * @param groupCode the code of each group's cells, or null for the bin index within the group
     */
    private static TimeTable build(double[] vals, int groups, int nb, int[] groupCode, int gap, Kind kind) {
        int n = vals.length;
        for (double v : vals) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        // distinct boundaries, ascending: the usual windows are already in order (or out by an ulp where
        // one ends as the next starts), so insertion sort, with a budget before the general sort
        double[] s = vals.clone();
        long budget = 8L * n;
        for (int i = 1; i < n && budget >= 0; i++) {
            double x = s[i];
            int j = i - 1;
            while (j >= 0 && s[j] > x) {
                s[j + 1] = s[j];
                j--;
                budget--;
            }
            s[j + 1] = x;
        }
        if (budget < 0) {
            Arrays.sort(s);
        }
        double[] b = new double[n + 1];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || s[i] != b[m - 1]) {
                b[m++] = s[i];
            }
        }
        b[m] = Double.POSITIVE_INFINITY;
        // boundary index of every value, found from the previous one
        int[] idx = new int[n];
        int from = 0;
        for (int i = 0; i < n; i++) {
            from = indexOf(b, m, vals[i], from);
            idx[i] = from;
        }
        // cells per slot: a difference array over the slot range of each cell
        int slots = 2 * m;
        int[] cnt = new int[slots + 1];
        long cover = 0;
        long coverCap = 4L * slots + 4L * groups * nb;
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < nb; k++) {
                int lo = lowSlot(kind, idx[g * (nb + 1) + k]);
                int hi = highSlot(kind, idx[g * (nb + 1) + k + 1]);
                if (lo < hi) {
                    cover += hi - lo;
                    cnt[lo]++;
                    cnt[hi]--;
                }
            }
            if (cover > coverCap) {
                return null; // heavily overlapping windows: the walk is the better way
            }
        }
        int[] code = new int[slots];
        int slow = 0;
        int run = 0;
        for (int i = 0; i < slots; i++) {
            run += cnt[i];
            cnt[i] = run;
            if (run >= 2) {
                slow++;
            }
        }
        int[] slowStart = new int[slow + 1];
        slow = 0;
        for (int i = 0; i < slots; i++) {
            if (cnt[i] == 0) {
                code[i] = gap;
            } else if (cnt[i] >= 2) {
                code[i] = ~slow;
                slowStart[slow + 1] = slowStart[slow] + cnt[i];
                slow++;
            }
        }
        int[] slowCells = new int[slowStart[slow]];
        int[] fill = Arrays.copyOf(slowStart, slow);
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < nb; k++) {
                int c = groupCode == null ? k : groupCode[g];
                int hi = highSlot(kind, idx[g * (nb + 1) + k + 1]);
                for (int i = lowSlot(kind, idx[g * (nb + 1) + k]); i < hi; i++) {
                    if (cnt[i] == 1) {
                        code[i] = c;
                    } else {
                        slowCells[fill[~code[i]]++] = c;
                    }
                }
            }
        }
        // the grid: step about half the narrowest gap worth resolving, at most GRID_CAP steps
        double t0 = b[0];
        double span = b[m - 1] - t0;
        double inv = 0;
        if (span > 0) {
            double floor = 2 * span / GRID_CAP;
            double narrow = Double.POSITIVE_INFINITY;
            for (int i = 1; i < m; i++) {
                double d = b[i] - b[i - 1];
                if (d >= floor && d < narrow) {
                    narrow = d;
                }
            }
            double step = Math.max(narrow / 2, span / (GRID_CAP - 2));
            inv = 1 / step;
            if (!(span * inv < GRID_CAP - 1)) {
                return null;
            }
        }
        int steps = (int) ((b[m - 1] - t0) * inv) + 1;
        int[] per = new int[steps];
        for (int i = 0; i < m; i++) {
            per[(int) ((b[i] - t0) * inv)]++;
        }
        int[] grid = new int[steps];
        long[] fast = new long[2 * steps];
        int below = 0;
        for (int j = 0; j < steps; j++) {
            grid[j] = per[j] >= 2 ? ~below : below;
            double bnd;
            int lo;
            int hi;
            if (per[j] == 0) { // inside the open slot after boundary below - 1 (step 0 always holds b[0])
                bnd = Double.POSITIVE_INFINITY;
                lo = code[2 * below - 1];
                hi = lo;
            } else if (per[j] == 1) { // boundary `below` splits the step
                bnd = b[below];
                lo = below == 0 ? SLOW : code[2 * below - 1];
                hi = code[2 * below + 1];
            } else {
                bnd = Double.NaN;
                lo = SLOW;
                hi = SLOW;
            }
            fast[2 * j] = Double.doubleToRawLongBits(bnd);
            fast[2 * j + 1] = (lo & 0xFFFF_FFFFL) | ((long) hi << 32);
            below += per[j];
        }
        return new TimeTable(b, m, code, slowStart, slowCells, grid, fast, t0, inv);
    }

    private static int lowSlot(Kind kind, int i) {
        return kind == Kind.LEFT_OPEN ? 2 * i + 1 : 2 * i;
    }

    private static int highSlot(Kind kind, int i) {
        return kind == Kind.HALF_OPEN ? 2 * i : 2 * i + 1;
    }

    /** The index of x in b[0..m) (present), searched by galloping from {@code from}. */
    private static int indexOf(double[] b, int m, double x, int from) {
        if (b[from] == x) {
            return from;
        }
        int lo;
        int hi;
        if (b[from] < x) {
            lo = from; // b[lo] < x
            int step = 1;
            hi = from + 1;
            while (hi < m && b[hi] < x) {
                lo = hi;
                step <<= 1;
                hi = Math.min(m, lo + step);
            }
        } else {
            hi = from; // b[hi] > x
            int step = 1;
            lo = from - 1;
            while (lo >= 0 && b[lo] > x) {
                hi = lo;
                step <<= 1;
                lo = Math.max(-1, hi - step);
            }
            lo = Math.max(lo, 0);
        }
        // first i in [lo, hi] with !(b[i] < x)
        int a = lo;
        int z = Math.min(hi, m - 1);
        while (a < z) {
            int mid = (a + z) >>> 1;
            if (b[mid] < x) {
                a = mid + 1;
            } else {
                z = mid;
            }
        }
        return a;
    }

    /** The slot of {@code x}, for {@code t0 <= x <= last}: the general path. */
    int slot(double x) {
        int g = grid[(int) ((x - t0) * inv)];
        int i;
        if (g >= 0) {
            i = g - 1 + (b[g] <= x ? 1 : 0);
        } else {
            i = ~g - 1;
            while (b[i + 1] <= x) {
                i++;
            }
        }
        return 2 * i + (b[i] == x ? 0 : 1);
    }
}
