package org.ragtime.cli;

import java.util.List;
import org.ragtime.io.ecephys.UnitSelection;
import picocli.CommandLine.Option;

/**
 * The unit selection every analysis accepts, as flags: explicit ids, structures, probes and AllenSDK's quality
 * filters, turned into a {@link UnitSelection} (which composes them and keeps the order of {@code --units}, else
 * file order).
 */
final class UnitOptions {
    @Option(names = "--units", paramLabel = "ID,ID,...", split = ",",
            description = "Keep these unit ids, in this order (default: every unit in /units, in file order).")
    long[] units;

    @Option(names = "--structure", paramLabel = "ACR[,ACR]", split = ",",
            description = "Keep units whose CCF structure acronym (their peak channel's electrodes location, sub-region"
                    + " stripped as AllenSDK does) is one of these.")
    List<String> structures;

    @Option(names = "--probe", paramLabel = "NAME[,NAME]", split = ",", description = "Keep units on these probes (e.g. probeA).")
    List<String> probes;

    @Option(names = "--filter", paramLabel = "NAME",
            description = "AllenSDK quality filter: vc-default (valid channel, quality good, in brain, amplitude_cutoff <= 0.1,"
                    + " presence_ratio >= 0.95, isi_violations <= 0.5; a NaN metric fails) or vbn-default (no bounds, but"
                    + " NaN metrics fail, as AllenSDK's VBN get_units). Default: no filter.")
    String filter;

    @Option(names = "--amplitude-cutoff-max", paramLabel = "X", description = "Override the filter's amplitude_cutoff bound (0 = none, as AllenSDK).")
    Double amplitudeCutoffMax;

    @Option(names = "--presence-ratio-min", paramLabel = "X", description = "Override the filter's presence_ratio bound (0 = none).")
    Double presenceRatioMin;

    @Option(names = "--isi-violations-max", paramLabel = "X", description = "Override the filter's isi_violations bound (0 = none).")
    Double isiViolationsMax;

    @Option(names = "--event-series", paramLabel = "PATH[,PATH]", split = ",",
            description = "Count these point processes instead of units: each TimeSeries' timestamps (licks"
                    + " /processing/licking/licks, rewards /processing/rewards/volume, ...) as one unit, unit_id 0..n-1, paths"
                    + " as the coordinate event_series. The file needs no /units.")
    List<String> eventSeries;

    /** The selection the flags name (checked against the file when the analysis runs). */
    UnitSelection selection() {
        if (eventSeries != null) {
            UnitSelection e = UnitSelection.eventSeries(eventSeries.toArray(String[]::new));
            // combined with unit flags, the library refuses it with its one line
            return units != null || structures != null || probes != null || filter != null || amplitudeCutoffMax != null
                    || presenceRatioMin != null || isiViolationsMax != null
                    ? e.withIds(units).structures(structures).probes(probes).filter(filter).bounds(amplitudeCutoffMax, presenceRatioMin, isiViolationsMax)
                    : e;
        }
        return UnitSelection.ids(units).structures(structures).probes(probes).filter(filter)
                .bounds(amplitudeCutoffMax, presenceRatioMin, isiViolationsMax);
    }
}
