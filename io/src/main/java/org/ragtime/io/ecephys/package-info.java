/**
 * Extracellular electrophysiology sessions, the library's front door: {@link org.ragtime.io.ecephys.EcephysSession}
 * (AllenSDK's {@code EcephysSession} analyses as methods of the same names), {@link org.ragtime.io.ecephys.UnitSelection}
 * (ids, structures, probes, quality filter) and {@link org.ragtime.io.ecephys.Intervals} (stimulus presentations or
 * the caller's own windows). Results are {@link org.ragtime.io.LabelledArray} and {@link org.ragtime.io.LabelledTable}.
 *
 * <pre>{@code
 * try (EcephysSession session = EcephysSession.open(Path.of("session.nwb"));
 *      LabelledArray psth = session.psth(EcephysSession.edges(-0.1, 0.5, 0.01), Intervals.ofStimulus("flashes"),
 *              UnitSelection.all().filter("vc-default"), BinRule.CLOSED, true, null)) {
 *     double rate = psth.getDouble(0);      // unit 0, first bin, spikes/s
 * }
 * }</pre>
 */
package org.ragtime.io.ecephys;
