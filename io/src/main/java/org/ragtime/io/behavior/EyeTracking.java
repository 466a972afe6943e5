package org.ragtime.io.behavior;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.NumericArray;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;

/**
 * AllenSDK's {@code EyeTrackingTable.from_nwb} (z threshold 3.0, 2 dilation frames) over the ndx-ellipse-eye-tracking
 * layout: {@code /acquisition/EyeTracking/{eye_tracking, pupil_tracking, corneal_reflection_tracking}} (EllipseSeries:
 * {@code data} (n, 2) centres, {@code area_raw}, {@code width}, {@code height}, {@code angle}, {@code timestamps}).
 * As AllenSDK: the {@code *_area} columns are read from {@code area_raw} (the stored {@code area} is not read),
 * {@code likely_blink} is recomputed from the raw eye and pupil areas ({@code determine_outliers}: |z| > 3 with
 * NaN omitted, or a NaN area, dilated by 2 frames each side) and {@code filter_on_blinks} sets the areas and the eye
 * and pupil widths, heights and angles of those frames to NaN.
 */
final class EyeTracking {
    static final String PATH = "/acquisition/EyeTracking";
    static final double Z_THRESHOLD = 3.0;
    static final int DILATION_FRAMES = 2;

    private EyeTracking() {
    }

    static Optional<LabelledTable> read(Session s) {
        if (!s.exists(PATH)) return Optional.empty();
        String eye = PATH + "/eye_tracking", pupil = PATH + "/pupil_tracking", cr = PATH + "/corneal_reflection_tracking";
        double[] t = d(s, eye + "/timestamps");
        int n = t.length;
        double[] eyeArea = d(s, eye + "/area_raw", n), pupilArea = d(s, pupil + "/area_raw", n), crArea = d(s, cr + "/area_raw", n);
        boolean[] blink = likelyBlinks(eyeArea, pupilArea);
        List<Column> c = new ArrayList<>();
        c.add(DoubleColumn.of("timestamps", t));
        c.add(DoubleColumn.of("cr_area", nanWhere(crArea, blink)));
        c.add(DoubleColumn.of("eye_area", nanWhere(eyeArea, blink)));
        c.add(DoubleColumn.of("pupil_area", nanWhere(pupilArea, blink)));
        long[] b = new long[n];
        for (int i = 0; i < n; i++) b[i] = blink[i] ? 1 : 0;
        c.add(LongColumn.of("likely_blink", b));
        c.add(DoubleColumn.of("pupil_area_raw", pupilArea));
        c.add(DoubleColumn.of("cr_area_raw", crArea));
        c.add(DoubleColumn.of("eye_area_raw", eyeArea));
        for (String[] e : new String[][] {{"cr", cr}, {"eye", eye}, {"pupil", pupil}}) {
            boolean filtered = !e[0].equals("cr");
            double[][] centre = centres(s, e[1] + "/data", n);
            c.add(DoubleColumn.of(e[0] + "_center_x", centre[0]));
            c.add(DoubleColumn.of(e[0] + "_center_y", centre[1]));
            c.add(DoubleColumn.of(e[0] + "_width", filtered ? nanWhere(d(s, e[1] + "/width", n), blink) : d(s, e[1] + "/width", n)));
            c.add(DoubleColumn.of(e[0] + "_height", filtered ? nanWhere(d(s, e[1] + "/height", n), blink) : d(s, e[1] + "/height", n)));
            c.add(DoubleColumn.of(e[0] + "_phi", filtered ? nanWhere(d(s, e[1] + "/angle", n), blink) : d(s, e[1] + "/angle", n)));
        }
        return Optional.of(new LabelledTable(Table.of(PATH, c), Map.of("index", "frame"), List.of()));
    }

    /** {@code determine_likely_blinks(eye, pupil, determine_outliers(...), dilation_frames=2)}. */
    static boolean[] likelyBlinks(double[] eyeArea, double[] pupilArea) {
        int n = eyeArea.length;
        boolean[] outlier = new boolean[n];
        for (double[] a : new double[][] {eyeArea, pupilArea}) {
            double sum = 0;
            int k = 0;
            for (double x : a) if (!Double.isNaN(x)) { sum += x; k++; }
            double mean = sum / k, ss = 0;
            for (double x : a) if (!Double.isNaN(x)) ss += (x - mean) * (x - mean);
            double sd = Math.sqrt(ss / k);
            for (int i = 0; i < n; i++) if (Math.abs((a[i] - mean) / sd) > Z_THRESHOLD) outlier[i] = true;
        }
        boolean[] blink = new boolean[n];
        for (int i = 0; i < n; i++) blink[i] = Double.isNaN(eyeArea[i]) || Double.isNaN(pupilArea[i]) || outlier[i];
        boolean[] dilated = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!blink[i]) continue;
            for (int j = Math.max(0, i - DILATION_FRAMES); j <= Math.min(n - 1, i + DILATION_FRAMES); j++) dilated[j] = true;
        }
        return dilated;
    }

    private static double[] nanWhere(double[] v, boolean[] mask) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (mask[i]) out[i] = Double.NaN;
        return out;
    }

    private static double[] d(Session s, String path) {
        NumericArray a = s.array(path);
        if (a.rank() != 1) throw new NwbException(s.file(), path, "must be 1-D, has " + a.rank() + " dimensions");
        return a.toDoubleArray();
    }

    private static double[] d(Session s, String path, int n) {
        double[] v = d(s, path);
        if (v.length != n) throw new NwbException(s.file(), path, "has " + v.length + " values for " + n + " timestamps");
        return v;
    }

    private static double[][] centres(Session s, String path, int n) {
        NumericArray a = s.array(path);
        if (a.rank() != 2 || a.dim(0) != n || a.dim(1) < 2) {
            throw new NwbException(s.file(), path, "must have shape (" + n + ", 2), has " + java.util.Arrays.toString(a.shape()));
        }
        long w = a.dim(1);
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = a.getDouble(i * w);
            out[1][i] = a.getDouble(i * w + 1);
        }
        return out;
    }
}
