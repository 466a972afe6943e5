package org.ragtime.bench.kernels;

import com.sun.management.ThreadMXBean;
import java.io.BufferedReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.align.Traces;
import org.ragtime.engine.codec.CsvScan;

/**
 * Backends raced in one JVM, interleaved round by round, timed by the thread's CPU time (which other
 * processes on a loaded machine do not inflate, unlike wall time), for the vector-against-native ratios
 * of issue 16. Not JMH: no forks, a few warm-up rounds, the fastest and the median round per backend.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dragtime.native.dir=src-native/target \
 *     -cp bench/target/benchmarks.jar org.ragtime.bench.kernels.BackendRace align native,vector,scalar TIME_MAJOR 10
 * ... BackendRace csv native,vector,scalar /dev/shm/ragtime-manifests/units.csv 10
 * </pre>
 * The align workload is {@code AlignBenchmark}'s (300 ROIs x 90,000 frames, 5000 events, 19 samples).
 */
public final class BackendRace {
    private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private BackendRace() {
    }

    public static void main(String[] a) throws Exception {
        String[] names = a[1].split(",");
        int rounds = Integer.parseInt(a[3]);
        if (a[0].equals("align")) {
            align(names, Traces.Orientation.valueOf(a[2]), rounds);
        } else {
            csv(names, Path.of(a[2]), rounds);
        }
    }

    private interface Op {
        void run(int backend);
    }

    private static void race(String what, String[] names, int rounds, Op op) {
        double[][] t = new double[names.length][rounds];
        for (int r = 0; r < rounds + 3; r++) {
            for (int i = 0; i < names.length; i++) {
                long t0 = MX.getCurrentThreadCpuTime();
                op.run(i);
                long t1 = MX.getCurrentThreadCpuTime();
                if (r >= 3) {
                    t[i][r - 3] = (t1 - t0) / 1e6;
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            double[] x = t[i].clone();
            Arrays.sort(x);
            System.out.printf("%-12s %-7s cpu min %8.1f  median %8.1f ms%n", what, names[i], x[0], x[x.length / 2]);
        }
    }

    private static void align(String[] names, Traces.Orientation layout, int rounds) {
        int rois = 300;
        int frames = 90_000;
        int events = 5000;
        double rate = 31;
        SplittableRandom rnd = new SplittableRandom(5);
        Arena arena = Arena.ofShared();
        MemorySegment ts = arena.allocate((long) frames * 8, 64);
        double t = 10;
        for (int f = 0; f < frames; f++) {
            ts.setAtIndex(Traces.VALUE, f, t);
            t += (1 + 0.02 * (rnd.nextDouble() - 0.5)) / rate;
        }
        MemorySegment v = arena.allocate((long) frames * rois * 8, 64);
        for (long i = 0; i < (long) frames * rois; i++) {
            v.setAtIndex(Traces.VALUE, i, rnd.nextGaussian()); // the same values in either layout: only speed matters here
        }
        Traces tr = Traces.of("synthetic", v, layout, frames, rois, ts);
        double[] ev = new double[events];
        for (int e = 0; e < events; e++) {
            ev[e] = 10 + rnd.nextDouble() * (t - 10);
        }
        EventTriggeredResponse interp = EventTriggeredResponse.interpolated(tr, -0.1, 0.5, rate, true);
        EventTriggeredResponse near = EventTriggeredResponse.nearest(tr, -0.1, 0.5);
        MemorySegment out = arena.allocate(Math.max(interp.outputBytes(events), near.outputBytes(events)), 64);
        out.fill((byte) 0);
        AlignKernel[] ks = new AlignKernel[names.length];
        for (int i = 0; i < names.length; i++) {
            ks[i] = switch (names[i]) {
                case "native" -> AlignKernel.nativeKernel();
                case "vector" -> AlignKernel.vector();
                default -> AlignKernel.scalar();
            };
        }
        race("interpolate", names, rounds, i -> interp.compute(ks[i], ev, out, 1));
        race("nearest", names, rounds, i -> near.compute(ks[i], ev, out, 1));
    }

    private static void csv(String[] names, Path file, int rounds) throws Exception {
        Arena arena = Arena.ofShared();
        MemorySegment text;
        try (FileChannel ch = FileChannel.open(file)) {
            text = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
        String header;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            header = r.readLine();
        }
        int columns = header.split(",", -1).length;
        long from = header.length() + 1;
        long rows = Files.lines(file).count();
        MemorySegment st = arena.allocate(8 * rows);
        MemorySegment en = arena.allocate(8 * rows);
        MemorySegment cl = arena.allocate(rows * columns);
        MemorySegment ks = arena.allocate(8 * rows);
        CsvScan[] scans = new CsvScan[names.length];
        for (int i = 0; i < names.length; i++) {
            scans[i] = switch (names[i]) {
                case "native" -> CsvScan.nativeScan();
                case "vector" -> CsvScan.vector();
                default -> CsvScan.scalar();
            };
        }
        long[] state = new long[4];
        race("csv scan", names, rounds, i -> {
            if (scans[i].scan(text, from, columns, st, en, cl, new int[columns], new int[] {1}, ks, state) < 0) {
                throw new IllegalStateException(names[i] + ": scan failed, " + Arrays.toString(state));
            }
        });
    }
}
