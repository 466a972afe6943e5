package org.ragtime.engine.align;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ragtime.engine.BadInputException;

/**
 * Fluorescence traces of many ROIs sampled on one clock: a float64 matrix over a memory segment
 * (usually a read-only mapping of {@code /processing/ophys/dff/traces/data}) plus one float64 timestamp
 * per frame. Frames may be irregularly spaced (two-photon clocks jitter); timestamps must be finite and
 * never decrease, which is checked once here.
 *
 * <p>The matrix is either {@link Orientation#TIME_MAJOR} (frames, rois), as AllenSDK writes dF/F since
 * 2020, or {@link Orientation#ROI_MAJOR} (rois, frames), as older files and most in-memory tools hold it.
 * Immutable and thread-safe; it owns neither segment (the session or arena that made them does).
 */
public final class Traces {
    /** One sample or timestamp: float64, native order, no alignment assumed (HDF5 offsets need not be 8-aligned). */
    public static final ValueLayout.OfDouble VALUE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** How the value matrix is laid out in its segment. */
    public enum Orientation {
        /** (frames, rois): one frame's values for every ROI are adjacent (AllenSDK NWB layout). */
        TIME_MAJOR,
        /** (rois, frames): one ROI's whole trace is adjacent. */
        ROI_MAJOR
    }

    private final String source;
    private final MemorySegment values;
    private final MemorySegment timestamps;
    private final Orientation orientation;
    private final long frames;
    private final int rois;

    private Traces(String source, MemorySegment values, Orientation orientation, long frames, int rois,
                   MemorySegment timestamps) {
        this.source = source;
        this.values = values;
        this.orientation = orientation;
        this.frames = frames;
        this.rois = rois;
        this.timestamps = timestamps;
    }

    /**
     * Traces over existing segments (no copy).
     *
     * @param source      where the data came from, for error messages (e.g. {@code file.nwb: /processing/ophys/dff/traces})
     * @param values      {@code frames * rois} float64 values in the given orientation
     * @param orientation layout of {@code values}
     * @param frames      number of samples per ROI
     * @param rois        number of ROIs
     * @param timestamps  {@code frames} float64 times in seconds, finite and non-decreasing
     * @throws BadInputException if the sizes disagree or the timestamps are not finite and sorted
     */
    public static Traces of(String source, MemorySegment values, Orientation orientation, long frames, int rois,
                            MemorySegment timestamps) {
        if (frames < 0 || rois < 0) {
            throw new BadInputException(source + ": negative shape (" + frames + " frames, " + rois + " rois)");
        }
        if (values.byteSize() != frames * rois * Double.BYTES) {
            throw new BadInputException(source + ": data holds " + values.byteSize() / Double.BYTES
                    + " values, expected " + frames + " frames x " + rois + " rois");
        }
        if (timestamps.byteSize() != frames * Double.BYTES) {
            throw new BadInputException(source + ": " + timestamps.byteSize() / Double.BYTES
                    + " timestamps for " + frames + " frames");
        }
        double prev = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < frames; i++) {
            double t = timestamps.getAtIndex(VALUE, i);
            if (!Double.isFinite(t)) {
                throw new BadInputException(source + ": timestamp " + i + " is " + t);
            }
            if (t < prev) {
                throw new BadInputException(source + ": timestamps decrease at frame " + i + " (" + prev + " then " + t + ")");
            }
            prev = t;
        }
        return new Traces(source, values, orientation, frames, rois, timestamps);
    }

    /** Traces held on the heap, one array per ROI (tests, small inputs); copied into ROI-major segments. */
    public static Traces ofRows(double[] timestamps, double[]... roiTraces) {
        int n = timestamps.length;
        double[] all = new double[Math.multiplyExact(n, roiTraces.length)];
        for (int r = 0; r < roiTraces.length; r++) {
            if (roiTraces[r].length != n) {
                throw new IllegalArgumentException("roi " + r + " has " + roiTraces[r].length + " samples, expected " + n);
            }
            System.arraycopy(roiTraces[r], 0, all, r * n, n);
        }
        return of("heap", MemorySegment.ofArray(all), Orientation.ROI_MAJOR, n, roiTraces.length,
                MemorySegment.ofArray(timestamps.clone()));
    }

    /** Where these traces came from (file and HDF5 path), for messages. */
    public String source() {
        return source;
    }

    /** The value matrix (not a copy). */
    public MemorySegment values() {
        return values;
    }

    /** The timestamps, {@link #frames()} float64 values (not a copy). */
    public MemorySegment timestamps() {
        return timestamps;
    }

    /** Layout of {@link #values()}. */
    public Orientation orientation() {
        return orientation;
    }

    /** Number of samples per ROI. */
    public long frames() {
        return frames;
    }

    /** Number of ROIs. */
    public int rois() {
        return rois;
    }

    /** Time of frame {@code f} in seconds. */
    public double timestamp(long f) {
        return timestamps.getAtIndex(VALUE, f);
    }

    /** Value of ROI {@code roi} at frame {@code f}. */
    public double value(int roi, long f) {
        return values.getAtIndex(VALUE, index(roi, f));
    }

    /** Element index of (roi, frame) in {@link #values()}. */
    long index(int roi, long f) {
        return orientation == Orientation.TIME_MAJOR ? f * rois + roi : (long) roi * frames + f;
    }

    /** ROI {@code roi}'s whole trace copied to the heap (tests, small outputs). */
    public double[] row(int roi) {
        double[] out = new double[Math.toIntExact(frames)];
        for (int f = 0; f < out.length; f++) {
            out[f] = value(roi, f);
        }
        return out;
    }
}
