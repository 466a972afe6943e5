package org.ragtime.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.Presentations;
import picocli.CommandLine.Option;

/** {@code --stimulus} and {@code --presentations}: which stimulus presentations an analysis uses. */
final class PresentationOptions {
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
            Set<Integer> of = new HashSet<>();
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
