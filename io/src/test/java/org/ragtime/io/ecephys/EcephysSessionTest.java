package org.ragtime.io.ecephys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.KernelProvider;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Note;
import org.ragtime.io.Presentations;

/** The library's own promises (ownership, explicit intervals, notes); LibraryMatchesCliTest compares it with the command line. */
class EcephysSessionTest {
    static final Path ECEPHYS = Path.of(System.getProperty("ragtime.data.dir", "../data"), "nwb/generated/allensdk_style_ecephys_session.nwb");
    static final double[] EDGES = EcephysSession.edges(-0.1, 0.5, 0.01);

    @Test
    void explicitIntervalsCountLikeThePresentationsTheyCopy() {
        try (EcephysSession s = EcephysSession.open(ECEPHYS)) {
            Presentations p = s.stimulusPresentations();
            int[] ids = p.ofStimulus("drifting_gratings");
            long[] longIds = new long[ids.length];
            double[] starts = new double[ids.length];
            double[] stops = p.stops(ids);
            for (int i = 0; i < ids.length; i++) {
                longIds[i] = ids[i];
                starts[i] = p.start(ids[i]);
            }
            try (LabelledArray a = s.presentationwiseSpikeCounts(EDGES, Intervals.ofStimulus("drifting_gratings"), UnitSelection.all());
                 LabelledArray b = s.presentationwiseSpikeCounts(EDGES, Intervals.of(longIds, starts, stops), UnitSelection.all())) {
                assertArrayEquals(a.toByteArray(), b.toByteArray());
                assertArrayEquals((long[]) a.coords().get("stimulus_presentation_id"), (long[]) b.coords().get("stimulus_presentation_id"));
                assertEquals(List.of("stimulus_presentation_id", "time_relative_to_stimulus_onset", "unit_id"), a.dims());
                assertEquals(LabelledArray.Dtype.UINT16, a.dtype());
                assertEquals(a.size(), a.shape()[0] * a.shape()[1] * a.shape()[2]);
            }
            BadInputException e = assertThrows(BadInputException.class, () -> s.conditionwiseSpikeStatistics(
                    Intervals.of(longIds, starts, stops), UnitSelection.all(), false));
            assertTrue(e.getMessage().contains("explicit intervals have no conditions"), e.getMessage());
        }
    }

    @Test
    void anOwnedResultIsFreedOnCloseAndCallerMemoryIsLeftAlone() {
        try (EcephysSession s = EcephysSession.open(ECEPHYS).kernels(KernelProvider::get, 1); Arena arena = Arena.ofShared()) {
            LabelledArray owned = s.psth(EDGES, Intervals.ofStimulus("drifting_gratings"), UnitSelection.all(), BinRule.CLOSED, false, null);
            double first = owned.getDouble(0);
            owned.close();
            assertThrows(IllegalStateException.class, () -> owned.data().get(ValueLayout.JAVA_BYTE, 0));
            MemorySegment[] given = new MemorySegment[1];
            LabelledArray mine = s.psth(EDGES, Intervals.ofStimulus("drifting_gratings"), UnitSelection.all(), BinRule.CLOSED, false,
                    (dtype, shape) -> given[0] = arena.allocate(shape[0] * shape[1] * dtype.bytes(), 8));
            assertSame(given[0], mine.data());
            mine.close();
            assertEquals(first, given[0].getAtIndex(ValueLayout.JAVA_DOUBLE, 0)); // still readable: the caller owns it
        }
    }

    @Test
    void warningsAreReturnedNotPrinted() {
        try (EcephysSession s = EcephysSession.open(ECEPHYS);
             LabelledArray a = s.presentationwiseSpikeCounts(EcephysSession.edges(0, 0.2, 0.05), Intervals.ofStimulus("flashes"),
                     UnitSelection.all().filter("vc-default"))) {
            assertEquals(List.of(Note.Level.WARNING, Note.Level.WARNING), a.notes().stream().map(Note::level).toList(), a.notes().toString());
            assertTrue(a.notes().get(0).text().startsWith("the quality filter vc-default kept none of 40 units"), a.notes().toString());
            assertEquals("ragtime: warning: the unit selection is empty; the output has no units", a.notes().get(1).line());
            assertEquals(0, a.size());
        }
    }
}
