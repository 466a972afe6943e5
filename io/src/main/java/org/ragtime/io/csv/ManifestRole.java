package org.ragtime.io.csv;

import java.util.List;
import org.ragtime.engine.table.TableException;

/**
 * Which project-cache manifest a file is given as, and the check that it is one, so that merge-ccf refuses
 * {@code --units channels.csv --channels units.csv} instead of joining the wrong keys. A manifest is known by
 * its own id column (VBN's {@code unit_id}, {@code ecephys_channel_id}, {@code ecephys_probe_id}, or VC's
 * {@code id}) and by not carrying the id of a finer table (a file with {@code unit_id} is a units table).
 */
enum ManifestRole {
    UNITS("units", "unit_id", List.of()),
    CHANNELS("channels", "ecephys_channel_id", List.of("unit_id")),
    PROBES("probes", "ecephys_probe_id", List.of("unit_id", "ecephys_channel_id"));

    private final String name;
    private final String id;
    private final List<String> finer;

    ManifestRole(String name, String id, List<String> finer) {
        this.name = name;
        this.id = id;
        this.finer = finer;
    }

    /** Refuses {@code header} (of {@code source}) when it is not this manifest's, naming the expected column. */
    void check(String source, List<String> header) {
        for (String f : finer) {
            if (header.contains(f)) {
                throw TableException.at(source, 0, f, "given as the " + name + " manifest, but this column makes it a "
                        + (f.equals("unit_id") ? "units" : "channels") + " table (a " + name + " manifest has " + id
                        + " or id as its id column)");
            }
        }
        // channels and probes without an id column are refused by the join itself, naming their columns
        if (this == UNITS && !header.contains(id) && !header.contains("id")) {
            throw TableException.at(source, 0, id, "no such column: a units manifest has unit_id (VBN) or id (VC) as its id"
                    + " column; is this another manifest? (columns: " + String.join(", ", header) + ")");
        }
    }

    /** Checks the three manifests of a merge in one order (units, channels, probes), whichever path reads them. */
    static void checkAll(String units, List<String> u, String channels, List<String> c, String probes, List<String> p) {
        UNITS.check(units, u);
        CHANNELS.check(channels, c);
        if (p != null) {
            PROBES.check(probes, p);
        }
    }
}
