package org.ragtime.cli;

import java.nio.file.Path;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.ecephys.Intervals;
import org.ragtime.io.ophys.OphysExperiment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What align and align-dff align to (one of --stimulus, --intervals, --event-times), the window and the sampling. */
final class AlignOptions {
    @ArgGroup(multiplicity = "1")
    Events events;

    static final class Events {
        @Option(names = "--stimulus", paramLabel = "NAME", description = "Align to the start_time of every row of /intervals/NAME_presentations.")
        String stimulus;

        @Option(names = "--intervals", paramLabel = "TABLE", description = "Align to the rows of /intervals/TABLE (e.g. trials) at --align-to;"
                + " their ids go along event_time as TABLE_id.")
        String intervals;

        @Option(names = "--event-times", paramLabel = "FILE.txt", description = "Align to these times (one number per line, any order);"
                + " ids 0..n-1 along event_time as event_id.")
        Path eventTimes;
    }

    @Option(names = "--align-to", paramLabel = "COLUMN", description = "With --intervals: the column each row's onset comes from (e.g."
            + " change_time; default start_time); rows where it is NaN are left out and counted on stderr.")
    String alignTo;

    @Option(names = "--window", required = true, paramLabel = "START:STOP", description = "Window around each event in seconds, e.g. -0.5:0.75.")
    String window;

    @Option(names = "--rate", paramLabel = "HZ", description = "Output sampling rate of the interpolated grid (default: 1 / mean sample interval).")
    Double rate;

    @Option(names = "--nearest", description = "Nearest-sample path instead of interpolation (mindscope interpolate=False).")
    boolean nearest;

    @Option(names = "--exclude-endpoint", description = "get_time_array's include_endpoint=False (ignored when the window is not a whole number of steps).")
    boolean excludeEndpoint;

    /** The events the flags name. */
    Intervals intervals() {
        if (alignTo != null && events.intervals == null) {
            throw new BadInputException("--align-to needs --intervals TABLE");
        }
        if (events.intervals != null) {
            Intervals t = Intervals.ofTable(events.intervals);
            return alignTo != null ? t.alignTo(alignTo) : t;
        }
        return events.eventTimes != null ? Intervals.ofEventTimes(events.eventTimes) : Intervals.ofStimulus(events.stimulus);
    }

    /** The event-times file (an input of the command), or null. */
    Path inputFile() {
        return events.eventTimes;
    }

    /** mindscope's sampling options. */
    OphysExperiment.Sampling sampling() {
        if (nearest && rate != null) {
            throw new BadInputException("--rate and --nearest exclude each other (the nearest path keeps the frame rate)");
        }
        OphysExperiment.Sampling s = nearest ? OphysExperiment.Sampling.nearest()
                : rate != null ? OphysExperiment.Sampling.interpolated().atRate(rate) : OphysExperiment.Sampling.interpolated();
        return excludeEndpoint ? s.excludingEndpoint() : s;
    }

    /** --window START:STOP in seconds. */
    double[] window() {
        String[] p = window.split(":");
        try {
            if (p.length == 2) {
                return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new BadInputException("--window " + window + ": expected START:STOP in seconds, e.g. -0.5:0.75");
    }
}
