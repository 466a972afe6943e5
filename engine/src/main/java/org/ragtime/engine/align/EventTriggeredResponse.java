package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.internal.Parallel;

/**
 * Event-triggered responses of every ROI of one {@link Traces}, with the semantics of mindscope's
 * {@code event_triggered_response} (AllenSDK's Visual Behavior tools): a window {@code [tStart, tEnd]}
 * around each event, either interpolated onto a common grid ({@code get_time_array}, {@code np.interp})
 * or sliced at the nearest frame ({@code index_of_nearest_value}, {@code slice_inds_and_offsets}).
 *
 * <p>An instance fixes the traces, the window and the output grid ({@link #time()}); {@link #compute}
 * fills a caller-supplied float64 segment shaped (rois, events, samples). Where mindscope fails or
 * silently wraps, this class gives NaN instead (docs/ophys.md lists every difference):
 * <ul>
 *   <li>interpolated path: a window holding no frame, or a non-finite event time, gives NaN (mindscope
 *       raises ValueError from {@code np.interp});</li>
 *   <li>nearest path: frames before the first or after the last frame give NaN (mindscope wraps negative
 *       indices to the end of the trace and raises IndexError past it); an event after the last frame is
 *       placed on the virtual frame the mean rate predicts, as one before the first frame already is
 *       within half a period.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class EventTriggeredResponse {
    /** Marks an event without a frame (non-finite event time) in {@link #nearestFrames}. */
    public static final long NO_FRAME = Long.MIN_VALUE;
    /** Virtual frames further than this outside the trace are clamped (every sample is NaN there anyway). */
    private static final long FAR = 1L << 40;
    /** numpy 1.24 reduces float64 sums in buffers of this many elements (its default ufunc buffer size). */
    private static final int NUMPY_BUFFER = 8192;
    private static final int PAIRWISE_BLOCK = 128;
    /**
     * Most output samples per event of the interpolated path (2^24: 128 MB of grid, a 1 s window at 16 MHz).
     * A file whose timestamps are 1e-9 s apart would otherwise ask for a grid of billions of samples.
     */
    public static final long MAX_SAMPLES = 1L << 24;

    private final Traces traces;
    private final boolean interpolate;
    private final double tStart;
    private final double tEnd;
    private final double rate;
    private final double[] time;
    private final int startOffset;

    private EventTriggeredResponse(Traces traces, boolean interpolate, double tStart, double tEnd, double rate,
                                   double[] time, int startOffset) {
        this.traces = traces;
        this.interpolate = interpolate;
        this.tStart = tStart;
        this.tEnd = tEnd;
        this.rate = rate;
        this.time = time;
        this.startOffset = startOffset;
    }

    /**
     * The interpolated path ({@code interpolate=True}).
     *
     * @param rate            output sampling rate in Hz, or NaN for mindscope's default {@code 1 / mean(diff(timestamps))}
     * @param includeEndpoint passed to {@code get_time_array} (forced true when the window is not a whole number of steps)
     */
    public static EventTriggeredResponse interpolated(Traces traces, double tStart, double tEnd, double rate,
                                                      boolean includeEndpoint) {
        checkWindow(traces, tStart, tEnd);
        double r = Double.isNaN(rate) ? meanRate(traces) : rate;
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new BadInputException(traces.source() + ": output sampling rate must be a positive number, got " + r
                    + (Double.isNaN(rate) ? " (1 / mean interval of the timestamps)" : ""));
        }
        double samples = (tEnd - tStart) * r;
        if (!(samples <= MAX_SAMPLES)) { // checked before the grid is allocated; NaN fails too
            throw new BadInputException(traces.source() + ": window [" + tStart + ", " + tEnd + "] s at " + r + " Hz"
                    + (Double.isNaN(rate) ? " (1 / mean interval of the timestamps)" : "") + " is "
                    + String.format(java.util.Locale.ROOT, "%.3g", samples) + " samples per event, more than "
                    + MAX_SAMPLES + (Double.isNaN(rate) ? ": timestamps too close together? (give --rate)" : ""));
        }
        return new EventTriggeredResponse(traces, true, tStart, tEnd, r, timeArray(tStart, tEnd, r, includeEndpoint), 0);
    }

    /**
     * The nearest-sample path ({@code interpolate=False}): the rate is {@code 1 / mean(diff(timestamps))},
     * output samples are frames {@code nearest + k} for {@code k = int(tStart*rate) .. int(int(tStart*rate)
     * + (tEnd-tStart)*rate)} inclusive, at relative times {@code k / rate}.
     */
    public static EventTriggeredResponse nearest(Traces traces, double tStart, double tEnd) {
        checkWindow(traces, tStart, tEnd);
        double r = meanRate(traces);
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new BadInputException(traces.source() + ": the frame rate (1 / mean interval of the timestamps) is " + r
                    + ", not a positive number");
        }
        long start = (long) (tStart * r); // Python int(): truncation toward zero
        long end = (long) (start + (tEnd - tStart) * r) + 1; // mindscope always passes include_endpoint=True here
        if (!((tEnd - tStart) * r < MAX_SAMPLES) || Math.abs(tStart * r) > Integer.MAX_VALUE / 2) {
            throw new BadInputException(traces.source() + ": window [" + tStart + ", " + tEnd + "] s is too long at " + r
                    + " Hz (1 / mean interval of the timestamps): more than " + MAX_SAMPLES + " samples per event");
        }
        double[] t = new double[(int) (end - start)];
        for (int k = 0; k < t.length; k++) {
            t[k] = (start + k) / r;
        }
        return new EventTriggeredResponse(traces, false, tStart, tEnd, r, t, (int) start);
    }

    private static void checkWindow(Traces traces, double tStart, double tEnd) {
        if (!(tEnd > tStart) || !Double.isFinite(tStart) || !Double.isFinite(tEnd)) {
            throw new BadInputException(traces.source() + ": window [" + tStart + ", " + tEnd
                    + "] must be finite with end > start");
        }
    }

    /** The traces. */
    public Traces traces() {
        return traces;
    }

    /** True for the interpolated path, false for nearest-sample. */
    public boolean interpolates() {
        return interpolate;
    }

    /** Output (interpolated) or input-mean (nearest) sampling rate in Hz. */
    public double rate() {
        return rate;
    }

    /** Relative time of each output sample in seconds (a copy). */
    public double[] time() {
        return time.clone();
    }

    /** Output samples per event. */
    public int samples() {
        return time.length;
    }

    /** Bytes {@link #compute} writes for this many events: rois x events x samples x 8. */
    public long outputBytes(int events) {
        return (long) traces.rois() * events * time.length * Double.BYTES;
    }

    /** Per event, the frame nearest to it (see the class comment for events outside the trace). */
    public long[] nearestFrames(double[] events) {
        long[] f = new long[events.length];
        for (int e = 0; e < events.length; e++) {
            f[e] = nearestFrame(traces.timestamps(), traces.frames(), events[e], rate);
        }
        return f;
    }

    /** Fills {@code out} (rois, events, samples) on the calling thread. */
    public void compute(AlignKernel kernel, double[] events, MemorySegment out) {
        compute(kernel, events, out, 1);
    }

    /**
     * Fills {@code out} (rois, events, samples), splitting the events over {@code threads} threads
     * (with more than one, {@code out} and the traces must be readable from other threads: a shared or
     * global arena, a heap segment, or a file mapping made with one).
     *
     * @param events event times in seconds, any order; output follows this order
     */
    public void compute(AlignKernel kernel, double[] events, MemorySegment out, int threads) {
        long[] frames = interpolate ? null : nearestFrames(events);
        int n = events.length;
        // at least 64 events a part; a segment confined to this thread keeps the work here
        int parts = Parallel.usable(Math.max(1, Math.min(threads, n / 64)), out, traces.values(), traces.timestamps());
        Parallel.max(parts, n, (from, to) -> {
            run(kernel, events, frames, from, to, out);
            return 0;
        });
    }

    private void run(AlignKernel kernel, double[] events, long[] frames, int from, int to, MemorySegment out) {
        if (interpolate) {
            kernel.interpolate(traces, events, from, to, tStart, tEnd, time, out);
        } else {
            kernel.gather(traces, frames, from, to, startOffset, time.length, out);
        }
    }

    /**
     * mindscope's {@code get_time_array(t_start, t_end, sampling_rate=rate, include_endpoint=...)}: step
     * {@code 1/rate}; when {@code (tEnd - tStart)/step} is not a whole number it is truncated, the end moved
     * to {@code tStart + n*step} and the endpoint forced in; then {@code np.linspace} exactly.
     */
    public static double[] timeArray(double tStart, double tEnd, double rate, boolean includeEndpoint) {
        double step = 1 / rate;
        double n = (tEnd - tStart) / step;
        double end = tEnd;
        boolean endpoint = includeEndpoint;
        if (n != (double) (long) n) {
            n = (long) n;
            end = tStart + n * step;
            endpoint = true;
        }
        if (endpoint) {
            n += 1;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new BadInputException("window [" + tStart + ", " + tEnd + "] s at " + rate + " Hz has too many samples");
        }
        return linspace(tStart, end, (int) n, endpoint);
    }

    /** {@code np.linspace(start, stop, num, endpoint)} as numpy computes it: {@code i*step + start}, last set to stop. */
    static double[] linspace(double start, double stop, int num, boolean endpoint) {
        double[] y = new double[Math.max(num, 0)];
        int div = endpoint ? num - 1 : num;
        double delta = stop - start;
        double step = div > 0 ? delta / div : Double.NaN;
        for (int i = 0; i < y.length; i++) {
            double v;
            if (div <= 0) {
                v = i * delta;
            } else if (step == 0) {
                v = (i / (double) div) * delta; // numpy's denormal special case
            } else {
                v = i * step;
            }
            y[i] = v + start;
        }
        if (endpoint && num > 1) {
            y[num - 1] = stop;
        }
        return y;
    }

    /** {@code 1 / np.diff(timestamps).mean()}, summed in numpy 1.24's order so the result is bit-identical. */
    public static double meanRate(Traces traces) {
        long n = traces.frames();
        if (n < 2) {
            throw new BadInputException(traces.source() + ": " + n + " frame(s): the mean sampling rate is undefined, give an output rate");
        }
        MemorySegment ts = traces.timestamps();
        long count = n - 1;
        double sum = 0;
        for (long b = 0; b < count; b += NUMPY_BUFFER) {
            sum += pairwiseDiffSum(ts, b, (int) Math.min(NUMPY_BUFFER, count - b));
        }
        double mean = sum / count;
        return 1 / mean;
    }

    /** numpy's pairwise_sum over {@code d[k] = ts[start+k+1] - ts[start+k]}, k in [0, len). */
    private static double pairwiseDiffSum(MemorySegment ts, long start, int len) {
        if (len < 8) {
            double r = 0;
            for (int i = 0; i < len; i++) {
                r += diff(ts, start + i);
            }
            return r;
        } else if (len <= PAIRWISE_BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = diff(ts, start + j);
            }
            int i = 8;
            for (; i < len - (len % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += diff(ts, start + i + j);
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < len; i++) {
                res += diff(ts, start + i);
            }
            return res;
        } else {
            int half = len / 2;
            half -= half % 8;
            return pairwiseDiffSum(ts, start, half) + pairwiseDiffSum(ts, start + half, len - half);
        }
    }

    private static double diff(MemorySegment ts, long i) {
        return ts.getAtIndex(VALUE, i + 1) - ts.getAtIndex(VALUE, i);
    }

    /**
     * mindscope's {@code index_of_nearest_value} for one event: the nearest frame, a tie going to the later
     * one. Outside the trace (where mindscope returns 0 before the start and raises after the end) the
     * frame is extrapolated at {@code rate}: {@code -round((ts[0]-e)*rate)} before, {@code n-1 +
     * round((e-ts[n-1])*rate)} after, ties again to the later frame; non-finite events give {@link #NO_FRAME}.
     */
    public static long nearestFrame(MemorySegment ts, long n, double e, double rate) {
        if (!Double.isFinite(e) || n == 0) {
            return NO_FRAME;
        }
        double first = ts.getAtIndex(VALUE, 0);
        double last = ts.getAtIndex(VALUE, n - 1);
        if (e < first) {
            double d = Math.ceil((first - e) * rate - 0.5);
            return -(long) Math.min(d, FAR);
        }
        if (e > last) {
            double d = Math.floor((e - last) * rate + 0.5);
            return n - 1 + (long) Math.min(d, FAR);
        }
        long ins = Search.lowerBound(ts, 0, n, e);
        double after = ts.getAtIndex(VALUE, ins) - e;
        double before = Math.abs(ts.getAtIndex(VALUE, Math.max(ins - 1, 0)) - e);
        return after > before ? ins - 1 : ins;
    }
}
