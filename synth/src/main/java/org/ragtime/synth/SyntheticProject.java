package org.ragtime.synth;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A synthetic project: {@code sessions} good sessions of one {@link SyntheticSession.Config}, each with its own seed
 * and its own unit ids, plus {@code corrupt} deliberately damaged files, for tests and benchmarks of multi-session
 * work ({@code ragtime batch}).
 *
 * <p>Session {@code i} (0-based) is {@code session_<iii>.nwb}, seed {@code config.seed() + i}, unit ids from
 * {@code config.firstUnitId() + i * 1,000,000}. Corrupt file {@code j} is {@code corrupt_<jj>_<kind>.nwb}, a good
 * session (seed {@code config.seed() + sessions + j}) damaged one of three ways in turn ({@link Damage}). Every file is
 * written beside its target and moved into place when complete.
 */
public final class SyntheticProject {
    /** Unit ids of consecutive sessions start this far apart. */
    public static final long UNIT_ID_STRIDE = 1_000_000L;

    /** How a corrupt file is damaged; each is bad input to the reader with a one-line error. */
    public enum Damage {
        /** Cut to 60% of its length: the superblock's end-of-file address lies past the end. */
        TRUNCATED,
        /** One spike time in the middle of {@code /units/spike_times} overwritten with NaN bytes. */
        SPIKE_NAN,
        /** The last entry of {@code /units/spike_times_index} set to all ones bytes: the index runs past the data. */
        UNITS_INDEX;

        /** The name used in the file name, e.g. {@code spike-nan}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One written file: its path, and the damage done to it (null for a good session). */
    public record Written(Path file, Damage damage, long bytes) {
    }

    private SyntheticProject() {
    }

    /** Writes the project into {@code dir} (created if missing); calls {@code done} after each file. */
    public static List<Written> write(Path dir, SyntheticSession.Config config, int sessions, int corrupt, Consumer<Written> done)
            throws IOException {
        if (sessions < 0 || corrupt < 0 || sessions + corrupt == 0) {
            throw new IllegalArgumentException("need at least one session, got " + sessions + " sessions and " + corrupt + " corrupt");
        }
        if (config.units() * 3L > UNIT_ID_STRIDE) {
            throw new IllegalArgumentException("at most " + UNIT_ID_STRIDE / 3 + " units per session in a project, got " + config.units());
        }
        Files.createDirectories(dir);
        List<Written> all = new ArrayList<>();
        for (int i = 0; i < sessions + corrupt; i++) {
            SyntheticSession.Config c = config.withSeed(config.seed() + i).withFirstUnitId(config.firstUnitId() + i * UNIT_ID_STRIDE);
            Written w;
            if (i < sessions) {
                Path f = dir.resolve(String.format(Locale.ROOT, "session_%03d.nwb", i));
                w = new Written(f, null, SyntheticSession.write(f, c).bytes());
            } else {
                int j = i - sessions;
                Damage d = Damage.values()[j % Damage.values().length];
                Path f = dir.resolve(String.format(Locale.ROOT, "corrupt_%02d_%s.nwb", j, d.label()));
                Path tmp = dir.resolve(f.getFileName() + ".damaging-" + ProcessHandle.current().pid());
                try {
                    SyntheticSession.write(tmp, c);
                    damage(tmp, d);
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                w = new Written(f, d, Files.size(f));
            }
            all.add(w);
            if (done != null) {
                done.accept(w);
            }
        }
        return all;
    }

    /** Damages a written session in place. */
    public static void damage(Path file, Damage d) throws IOException {
        switch (d) {
            case TRUNCATED -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(ch.size() * 6 / 10);
                }
            }
            case SPIKE_NAN -> {
                long[] at = contiguous(file, "/units/spike_times");
                long count = at[1] / 8;
                overwrite(file, at[0] + (count / 2) * 8, new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x7F}); // little-endian NaN
            }
            case UNITS_INDEX -> {
                long[] at = contiguous(file, "/units/spike_times_index");
                byte[] ones = new byte[(int) at[2]];
                java.util.Arrays.fill(ones, (byte) 0x7F); // positive in every signed and unsigned width, past any data length
                overwrite(file, at[0] + at[1] - at[2], ones);
            }
        }
    }

    /** Data address, size in bytes and element size of a contiguous dataset. */
    private static long[] contiguous(Path file, String path) {
        try (HdfFile f = new HdfFile(file)) {
            Dataset ds = f.getDatasetByPath(path);
            return new long[] {((ContiguousDataset) ds).getDataAddress(), ds.getSizeInBytes(), ds.getDataType().getSize()};
        }
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
