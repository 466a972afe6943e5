package org.ragtime.bench.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * NWB-like units files for the io benchmarks: {@code units} sorted units, spike times {@code k / 30000} s
 * with random gaps (like a 30 kHz sort), written once into a temporary directory.
 */
final class SpikeFiles {
    private SpikeFiles() {
    }

    static double[] spikeTimes(int units, int perUnit, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[units * perUnit];
        for (int u = 0; u < units; u++) {
            long sample = 0;
            for (int k = 0; k < perUnit; k++) {
                sample += 1 + r.nextInt(4000);
                t[u * perUnit + k] = sample / 30000.0;
            }
        }
        return t;
    }

    /**
     * Writes {@code /units} with {@code spike_times} contiguous ({@code chunk == 0}) or chunked with
     * {@code chunk} elements per chunk and gzip level 4 (optionally shuffled).
     */
    static Path write(Path dir, int units, int perUnit, int chunk, boolean shuffle) {
        double[] times = spikeTimes(units, perUnit, 42);
        long[] index = new long[units];
        long[] ids = new long[units];
        for (int u = 0; u < units; u++) {
            index[u] = (long) (u + 1) * perUnit;
            ids[u] = u;
        }
        Path p = dir.resolve("units-" + chunk + (shuffle ? "-shuffle" : "") + ".nwb");
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putAttribute("nwb_version", "2.6.0");
            WritableGroup g = w.putGroup("units");
            g.putAttribute("colnames", new String[] {"spike_times"});
            g.putDataset("id", ids);
            if (chunk == 0) {
                g.putDataset("spike_times", times);
            } else {
                DatasetCreationOptions.Builder o = DatasetCreationOptions.builder().chunkDimensions(chunk);
                if (shuffle) {
                    o.shuffle();
                }
                g.putDataset("spike_times", times, o.deflate(4).build());
            }
            g.putDataset("spike_times_index", index);
        }
        return p;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("ragtime-bench-io");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
