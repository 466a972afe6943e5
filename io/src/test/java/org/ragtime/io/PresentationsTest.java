package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;

/**
 * AllenSDK's presentation rules on a hand-made file (tools/make_presentations_fixture.py) whose expected
 * ids and condition ids are worked out by hand from allensdk-semantics §1.2.
 */
class PresentationsTest {
    static final Path FILE = Path.of(System.getProperty("ragtime.data.dir", "../data"), "nwb/handmade/presentations_edge_cases.nwb");

    @Test
    void idsRankByStartTimeWithTiesByTableName() {
        try (Session s = Session.open(FILE)) {
            Presentations p = Presentations.of(s);
            assertEquals(6, p.size());
            double[] starts = new double[6];
            String[] tables = new String[6];
            for (int i = 0; i < 6; i++) {
                starts[i] = p.start(i);
                tables[i] = p.table(i);
            }
            assertArrayEquals(new double[] {0.5, 1.0, 3.0, 3.0, 4.0, 5.0}, starts);
            assertEquals(List.of("gratings_presentations", "flashes_presentations", "flashes_presentations",
                    "gratings_presentations", "gratings_presentations", "flashes_presentations"), List.of(tables));
            assertEquals(1, p.row(3), "gratings row 1 starts at 3.0");
            assertArrayEquals(new int[] {0, 3, 4}, p.ofStimulus("gratings"));
            assertArrayEquals(new int[] {1, 2, 5}, p.ofStimulus("flashes_presentations"));
            assertEquals(List.of("flashes", "gratings"), p.stimuli());
        }
    }

    @Test
    void conditionIdsFollowPythonTupleEquality() {
        try (Session s = Session.open(FILE)) {
            Presentations p = Presentations.of(s);
            assertEquals(List.of("stimulus_name", "color", "contrast", "orientation", "spatial_frequency"), p.parameterNames(),
                    "stimulus_block is not a parameter; union in first-seen order");
            // id4 overlaps the invalid interval tagged "stimulus": masked, but its tuple still took number 4
            assertArrayEquals(new long[] {0, 1, 2, 3, Presentations.NO_CONDITION, 5},
                    java.util.stream.IntStream.range(0, 6).mapToLong(p::conditionId).toArray());
            assertEquals("1", p.parameter(1, "color"), "numeric color strings compare as numbers");
            assertEquals("1", p.parameter(5, "color"), "\"1\" and \"1.0\" are the same colour");
            assertEquals("null", p.parameter(4, "spatial_frequency"), "N/A is null");
            assertEquals("null", p.parameter(5, "contrast"), "NaN is null");
            assertEquals("0.04", p.parameter(0, "spatial_frequency"), "a stored string stays a string");
            assertEquals("null", p.parameter(1, "orientation"), "a column the table lacks is null");
        }
    }

    @Test
    void maskingFollowsInvalidTimesTaggedStimulus() {
        try (Session s = Session.open(FILE)) {
            Presentations p = Presentations.of(s);
            for (int i = 0; i < 6; i++) {
                assertEquals(i == 4, p.isMasked(i), "presentation " + i);
            }
            assertEquals(Presentations.INVALID, p.stimulusName(4));
            assertTrue(Double.isNaN(p.duration(4)));
            assertEquals(4.0, p.start(4), "start kept");
            assertEquals(4.25, p.stop(4), "stop kept");
            assertEquals("gratings", p.stimulusName(3));
            assertEquals(0.25, p.duration(0));
            assertFalse(p.isMasked(5), "the probeA interval at 10-11 s does not mask stimuli");
        }
    }

    @Test
    void unknownStimulusAndIdsAreBadInput() {
        try (Session s = Session.open(FILE)) {
            Presentations p = Presentations.of(s);
            BadInputException e = assertThrows(BadInputException.class, () -> p.ofStimulus("natural_scenes"));
            assertTrue(e.getMessage().contains("flashes, gratings"), e.getMessage());
            e = assertThrows(BadInputException.class, () -> p.byIds(new long[] {2, 6}));
            assertTrue(e.getMessage().contains("unknown stimulus presentation id 6"), e.getMessage());
        }
    }

    @Test
    void aFileWithoutPresentationsHasNone() {
        try (Session s = Session.open(FILE.resolveSibling("../generated/pynwb231_tiny_units.nwb"))) {
            Presentations p = Presentations.of(s);
            assertEquals(0, p.size());
            assertTrue(assertThrows(BadInputException.class, () -> p.ofStimulus("flashes")).getMessage()
                    .contains("no *_presentations table"));
            assertTrue(assertThrows(BadInputException.class, () -> p.byIds(new long[] {0})).getMessage()
                    .contains("no *_presentations table"));
        }
    }
}
