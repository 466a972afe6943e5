package org.ragtime.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.Presentations;
import org.ragtime.io.Session;
import org.ragtime.io.Units;
import picocli.CommandLine.Option;

/** The unit and presentation selection flags shared by the analysis commands (contract: common flags). */
final class Selection {
    private Selection() {
    }

    /** {@code --units} and {@code --structure}. */
    static final class UnitOptions {
        @Option(names = "--units", paramLabel = "ID,ID,...", split = ",",
                description = "Keep these unit ids, in this order (default: every unit in /units, in file order).")
        long[] units;

        @Option(names = "--structure", paramLabel = "ACR[,ACR]", split = ",",
                description = "Keep units whose CCF structure acronym (their peak channel's electrodes `location`) is one of these.")
        String[] structures;

        /** Row positions in /units of the selected units, in output order. */
        int[] rows(Session s) {
            Units u = s.units();
            long[] ids = u.ids();
            int[] rows;
            if (units != null) {
                Map<Long, Integer> byId = new HashMap<>();
                for (int r = 0; r < ids.length; r++) {
                    byId.putIfAbsent(ids[r], r);
                }
                rows = new int[units.length];
                for (int i = 0; i < units.length; i++) {
                    Integer r = byId.get(units[i]);
                    if (r == null) {
                        throw new BadInputException(s.file() + ": /units/id: unknown unit id " + units[i]);
                    }
                    rows[i] = r;
                }
            } else {
                rows = new int[ids.length];
                Arrays.setAll(rows, i -> i);
            }
            if (structures != null) {
                String[] acr = UnitPlacement.of(s).structure();
                Set<String> want = new LinkedHashSet<>(Arrays.asList(structures));
                Set<String> known = new LinkedHashSet<>();
                for (String a : acr) {
                    known.add(a == null ? "(none)" : a);
                }
                for (String w : want) {
                    if (!known.contains(w)) {
                        throw new BadInputException(String.format(Locale.ROOT,
                                "%s: no unit in structure '%s' (the units' structures are %s)", s.file(), w, String.join(", ", known)));
                    }
                }
                rows = Arrays.stream(rows).filter(r -> acr[r] != null && want.contains(acr[r])).toArray();
            }
            return rows;
        }
    }

    /** {@code --stimulus} and {@code --presentations}. */
    static final class PresentationOptions {
        @Option(names = "--stimulus", paramLabel = "NAME",
                description = "The presentations of this stimulus: rows of /intervals/NAME_presentations (the suffix may be given).")
        String stimulus;

        @Option(names = "--presentations", paramLabel = "ID,ID,...", split = ",",
                description = "Keep these stimulus presentation ids, in this order. Ids number all /intervals/*_presentations"
                        + " rows together by start_time, as AllenSDK does.")
        long[] presentations;

        /** Presentation ids, in output order; at least one of the flags must be given. */
        int[] ids(Presentations p) {
            if (stimulus == null && presentations == null) {
                throw new BadInputException("give --stimulus NAME (and/or --presentations ID,...); stimuli in this file: "
                        + String.join(", ", p.stimuli()));
            }
            int[] byStimulus = stimulus != null ? p.ofStimulus(stimulus) : null;
            if (presentations == null) {
                return byStimulus;
            }
            int[] ids = p.byIds(presentations);
            if (byStimulus != null) {
                Set<Integer> of = new java.util.HashSet<>();
                for (int i : byStimulus) {
                    of.add(i);
                }
                List<Integer> bad = new ArrayList<>();
                for (int i : ids) {
                    if (!of.contains(i)) {
                        bad.add(i);
                    }
                }
                if (!bad.isEmpty()) {
                    throw new BadInputException("stimulus presentation ids " + bad + " are not presentations of " + stimulus);
                }
            }
            return ids;
        }
    }
}
