package org.ragtime.cli;

import java.nio.file.Path;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.ecephys.Intervals;
import picocli.CommandLine.Option;

/**
 * What an analysis aligns to: stimulus presentations ({@code --stimulus}, {@code --presentations}), the rows of any
 * intervals table ({@code --intervals}, {@code --align-to}) or bare event times ({@code --event-times}).
 */
final class PresentationOptions {
    @Option(names = "--stimulus", paramLabel = "NAME",
            description = "The presentations of this stimulus: rows of /intervals/NAME_presentations (the suffix may be given).")
    String stimulus;

    @Option(names = "--presentations", paramLabel = "ID,ID,...", split = ",",
            description = "Keep these stimulus presentation ids, in this order. Ids number all /intervals/*_presentations"
                    + " rows together by start_time, as AllenSDK does.")
    long[] presentations;

    @Option(names = "--intervals", paramLabel = "TABLE",
            description = "Instead of --stimulus: the rows of /intervals/TABLE (e.g. trials, epochs), labelled by the table's ids;"
                    + " the output's presentation dimension is TABLE_id (e.g. trials_id).")
    String intervals;

    @Option(names = "--align-to", paramLabel = "COLUMN",
            description = "With --intervals: take each row's onset from this column (e.g. change_time; default start_time);"
                    + " rows where it is NaN are left out and counted on stderr.")
    String alignTo;

    @Option(names = "--event-times", paramLabel = "FILE.txt",
            description = "Instead of --stimulus: align to these times (one number of seconds per line); ids 0..n-1 in file"
                    + " order, dimension event_id.")
    Path eventTimes;

    /** The windows the flags name (checked against the file when the analysis runs). */
    Intervals intervals() {
        int given = (stimulus != null || presentations != null ? 1 : 0) + (intervals != null ? 1 : 0) + (eventTimes != null ? 1 : 0);
        if (given > 1) {
            throw new BadInputException("give one of --stimulus/--presentations, --intervals and --event-times");
        }
        if (alignTo != null && intervals == null) {
            throw new BadInputException("--align-to needs --intervals TABLE");
        }
        if (intervals != null) {
            Intervals t = Intervals.ofTable(intervals);
            return alignTo != null ? t.alignTo(alignTo) : t;
        }
        if (eventTimes != null) {
            return Intervals.ofEventTimes(eventTimes);
        }
        return Intervals.select(stimulus, presentations);
    }

    /** The event-times file, an input of the command, or null. */
    Path inputFile() {
        return eventTimes;
    }

    /** What one window is called in messages: a presentation, a table row or an event. */
    String noun() {
        return intervals != null ? "row" : eventTimes != null ? "event" : "presentation";
    }

    /** What the windows are, for titles: the stimulus, the table (and column), or the events file. */
    String describe() {
        if (intervals != null) {
            return intervals + (alignTo != null ? " at " + alignTo : "");
        }
        if (eventTimes != null) {
            return eventTimes.getFileName().toString();
        }
        return stimulus != null ? stimulus : "selected presentations";
    }
}
