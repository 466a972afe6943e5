package org.ragtime.cli;

import org.ragtime.io.ecephys.Intervals;
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

    /** The presentations the flags name (checked against the file when the analysis runs). */
    Intervals intervals() {
        return Intervals.select(stimulus, presentations);
    }
}
