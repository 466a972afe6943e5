package org.ragtime.io.csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ragtime.engine.table.Aggregates;
import org.ragtime.engine.table.HashJoin;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.Table;

/**
 * The AllenSDK project-cache manifests (Visual Behavior Neuropixels {@code ecephys_sessions.csv},
 * {@code behavior_sessions.csv}, {@code units.csv}, {@code probes.csv}, {@code channels.csv}; Visual
 * Coding {@code sessions.csv} and the same three) and their joins.
 *
 * <p>The CCF merge follows AllenSDK's {@code EcephysProjectCache._get_annotated_units}: channels are joined
 * with probes ({@code channels.ecephys_probe_id = probes id}, suffixes {@code _channel/_probe}), then units
 * with those annotated channels ({@code units.ecephys_channel_id = channels id}, suffixes
 * {@code _unit/_channel}); every column is kept. An id column is {@code ecephys_channel_id} /
 * {@code ecephys_probe_id} (VBN) or {@code id} (VC). Rows whose foreign key matches nothing are dropped,
 * as pandas' inner merge drops them, and counted in {@link Merged}.
 */
public final class ProjectManifests {
    private ProjectManifests() {
    }

    /** A joined table and what the joins dropped. */
    public record Merged(Table table, HashJoin.Joined channelsWithProbes, HashJoin.Joined unitsWithChannels) {
        /** One line per join that dropped rows (empty when nothing dangled), for stderr. */
        public List<String> danglingReport() {
            List<String> out = new ArrayList<>();
            if (channelsWithProbes != null) {
                report(out, channelsWithProbes, "probe");
            }
            report(out, unitsWithChannels, "channel");
            return out;
        }

        private static void report(List<String> out, HashJoin.Joined j, String what) {
            if (j.danglingCount() == 0) {
                return;
            }
            out.add(danglingLine(j.danglingCount(), j.leftKey(), what, j.firstDangling()));
        }
    }

    static String danglingLine(int count, String key, String what, String first) {
        return count + " row(s) whose " + key + " matches no " + what + " were dropped, as AllenSDK's inner merge drops them"
                + first;
    }

    /**
     * What {@link #mergeCcfToCsv} wrote.
     *
     * @param rows           data rows written
     * @param columns        columns written
     * @param danglingReport one line per join that dropped rows, as {@link Merged#danglingReport()}
     */
    public record Written(long rows, int columns, List<String> danglingReport) {
    }

    /**
     * The CCF merge of {@link #mergeCcf(Path, Path, Path)} written to {@code out} as {@link CsvTables#write}
     * would write it (same bytes), without building tables: the files are mapped and scanned, only key
     * fields are parsed, and output rows are spliced from the input records (see {@code CcfCsvMerge}).
     * {@code out} is created or replaced; on an error it may hold part of the output (callers write to
     * a temporary file and rename).
     */
    public static Written mergeCcfToCsv(Path units, Path channels, Path probes, Path out) {
        return CcfCsvMerge.run(units, channels, probes, out);
    }

    /** Reads {@code units.csv} and {@code channels.csv} (and {@code probes.csv} when given) and joins them. */
    public static Merged mergeCcf(Path units, Path channels, Path probes) {
        // channels and probes are read on another thread while units are read here
        CompletableFuture<Table> c = CompletableFuture.supplyAsync(() -> CsvTables.read(channels));
        CompletableFuture<Table> p = probes == null ? CompletableFuture.completedFuture(null)
                : c.thenApply(x -> CsvTables.read(probes));
        Table u = CsvTables.read(units);
        try {
            return mergeCcf(u, c.join(), p.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Joins units with channels, and channels with probes first when {@code probes} is not null. */
    public static Merged mergeCcf(Table units, Table channels, Table probes) {
        ManifestRole.checkAll(units.source(), units.columnNames(), channels.source(), channels.columnNames(),
                probes == null ? null : probes.source(), probes == null ? null : probes.columnNames());
        HashJoin.Joined cp = null;
        Table annotated = channels;
        if (probes != null) {
            cp = HashJoin.inner(channels, "ecephys_probe_id", probes, idColumn(probes, "ecephys_probe_id"),
                    "_channel", "_probe");
            annotated = cp.table();
        }
        HashJoin.Joined uc = HashJoin.inner(units, "ecephys_channel_id", annotated,
                idColumn(channels, "ecephys_channel_id"), "_unit", "_channel");
        return new Merged(uc.table(), cp, uc);
    }

    /** The id column of a manifest: its VBN name when present, else VC's {@code id}. */
    static String idColumn(Table t, String vbnName) {
        if (t.has(vbnName)) {
            return vbnName;
        }
        if (t.has("id")) {
            return "id";
        }
        t.column(vbnName); // throws, naming the file and its columns
        return vbnName;
    }

    /**
     * Sessions as {@code get_ecephys_session_table(filter_abnormalities=True)} returns them: rows whose
     * {@code abnormal_histology} and {@code abnormal_activity} are both null (a missing column counts as null).
     */
    public static Table normalSessions(Table sessions) {
        Selection keep = Selection.all(sessions.rowCount());
        for (String col : List.of("abnormal_histology", "abnormal_activity")) {
            if (sessions.has(col)) {
                keep = keep.and(Selection.isNull(sessions.column(col)));
            }
        }
        return sessions.select(keep);
    }

    /** Sessions counted per {@code image_set} and {@code experience_level} (the data-manifest notebook's table). */
    public static Table sessionsByImageSetAndExperience(Table sessions) {
        return Aggregates.countBy(sessions, "image_set", "experience_level");
    }

    /** Sessions counted per {@code genotype} and {@code sex}. */
    public static Table sessionsByGenotypeAndSex(Table sessions) {
        return Aggregates.countBy(sessions, "genotype", "sex");
    }

    /**
     * Units counted per structure ({@code structure_acronym}, VC's {@code ecephys_structure_acronym}); units
     * with no structure form their own (empty) group and "grey" is kept as a structure.
     */
    public static Table unitsPerStructure(Table units) {
        String col = units.has("structure_acronym") ? "structure_acronym" : "ecephys_structure_acronym";
        return Aggregates.countBy(units, col);
    }

    /** The manifest file of that name in {@code dir}, refusing a missing one with its path. */
    public static Path file(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw CsvFormatException.at(p.toString(), 0, null, "no such file");
        }
        return p;
    }
}
