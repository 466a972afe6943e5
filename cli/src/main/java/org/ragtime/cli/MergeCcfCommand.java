package org.ragtime.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.io.Note;
import org.ragtime.io.csv.ProjectManifests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ragtime merge-ccf}: the project-cache manifests joined as AllenSDK joins them. */
@Command(name = "merge-ccf", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The project-cache manifests joined as AllenSDK does: channels with probes"
                + " (channels.ecephys_probe_id = probes id, suffixes _channel/_probe), then units with those"
                + " (units.ecephys_channel_id = channels id, suffixes _unit/_channel); every column kept, row order as"
                + " pandas 1.5.3 merges. Ids are ecephys_channel_id / ecephys_probe_id (VBN) or id (VC).",
                "Rows whose key matches nothing are dropped, as AllenSDK's inner merge drops them, and counted on stderr."})
final class MergeCcfCommand implements Callable<Integer> {
    @Option(names = "--units", required = true, paramLabel = "units.csv", description = "Units manifest.")
    Path units;

    @Option(names = "--channels", required = true, paramLabel = "channels.csv", description = "Channels manifest.")
    Path channels;

    @Option(names = "--probes", paramLabel = "probes.csv", description = "Probes manifest (optional).")
    Path probes;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        try (AtomicOutputs outs = AtomicOutputs.builder().input(units, channels, probes).output(out).prepare()) {
            Path tmp = outs.open(out);
            ProjectManifests.Written w;
            try {
                w = ProjectManifests.mergeCcfToCsv(units, channels, probes, tmp);
            } catch (UncheckedIOException e) {
                if (String.valueOf(e.getMessage()).startsWith(tmp.toString())) {
                    throw AtomicOutputs.writeFailed(tmp, e.getCause()); // names --out, not the temporary
                }
                throw e;
            }
            outs.commit();
            w.danglingReport().forEach(line -> System.err.println("ragtime: " + line));
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s, %s%n", out, Note.count(w.rows(), "row"), Note.count(w.columns(), "column"));
        }
        return 0;
    }
}
