package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.Table;
import org.ragtime.io.Note;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.csv.ProjectManifests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime manifest}: the summary tables of the Visual Behavior Neuropixels data-manifest notebook. */
@Command(name = "manifest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summaries of a Visual Behavior Neuropixels project-cache directory (ecephys_sessions.csv,"
                + " units.csv): sessions per image_set and experience_level, sessions per genotype and sex, units per"
                + " structure_acronym (units of the listed sessions; no structure is its own, empty, group).",
                "Sessions with abnormal_histology or abnormal_activity are left out, as"
                + " get_ecephys_session_table(filter_abnormalities=True) does, unless --include-abnormal.",
                "Without --out-dir the three tables are printed as CSV, each after a '# name' line."})
final class ManifestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory holding ecephys_sessions.csv and units.csv.")
    Path dir;

    @Option(names = "--include-abnormal", description = "Keep sessions flagged abnormal.")
    boolean includeAbnormal;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write sessions_by_image_set.csv,"
            + " sessions_by_genotype_sex.csv and units_per_structure.csv here (created if missing) instead of printing them.")
    Path outDir;

    /** The three summaries, in output order. */
    private static final List<String> NAMES = List.of("sessions_by_image_set", "sessions_by_genotype_sex", "units_per_structure");

    @Override
    public Integer call() {
        if (outDir == null) {
            run(null);
        } else {
            // the output directory and files are checked (the directory created) before the inputs are read
            AtomicOutputs.Builder b = AtomicOutputs.builder().input(dir.resolve("ecephys_sessions.csv"), dir.resolve("units.csv"))
                    .directory(outDir);
            NAMES.forEach(n -> b.output(outDir.resolve(n + ".csv")));
            try (AtomicOutputs outs = b.prepare()) {
                run(outs);
            }
        }
        return 0;
    }

    private void run(AtomicOutputs outs) {
        Table sessions = CsvTables.read(ProjectManifests.file(dir, "ecephys_sessions.csv"));
        if (!includeAbnormal) {
            sessions = ProjectManifests.normalSessions(sessions);
        }
        Table units = CsvTables.read(ProjectManifests.file(dir, "units.csv"),
                n -> n.equals("ecephys_session_id") || n.equals("structure_acronym") || n.equals("ecephys_structure_acronym"));
        if (units.has("ecephys_session_id")) {
            LongColumn ids = (LongColumn) sessions.column("ecephys_session_id");
            long[] keep = new long[sessions.rowCount()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = ids.get(i);
            }
            units = units.select(Selection.in((LongColumn) units.column("ecephys_session_id"), keep));
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        tables.put(NAMES.get(0), ProjectManifests.sessionsByImageSetAndExperience(sessions));
        tables.put(NAMES.get(1), ProjectManifests.sessionsByGenotypeAndSex(sessions));
        tables.put(NAMES.get(2), ProjectManifests.unitsPerStructure(units));
        if (outs == null) {
            try {
                for (Map.Entry<String, Table> e : tables.entrySet()) {
                    System.out.println("# " + e.getKey());
                    CsvTables.write(e.getValue(), System.out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write: " + e.getMessage(), e);
            }
        } else {
            for (Map.Entry<String, Table> e : tables.entrySet()) {
                Path target = outDir.resolve(e.getKey() + ".csv");
                try {
                    CsvTables.write(e.getValue(), outs.open(target));
                } catch (IOException ex) {
                    throw AtomicOutputs.writeFailed(target, ex);
                } catch (UncheckedIOException ex) {
                    throw AtomicOutputs.writeFailed(target, ex.getCause());
                }
            }
            outs.commit();
        }
        System.err.printf("ragtime: %s%s, %s%n", Note.count(sessions.rowCount(), "session"),
                includeAbnormal ? "" : " (abnormal ones left out)", Note.count(units.rowCount(), "unit"));
    }
}
