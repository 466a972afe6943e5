package org.ragtime.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ragtime.engine.table.Table;

/**
 * A tabular analysis result (presentation-wise spike times, condition-wise statistics, joined units): columns
 * named as AllenSDK names them, plus the {@link Note}s the analysis raised. Heap and off-heap memory of the
 * table is owned by the garbage collector; nothing to close.
 *
 * <pre>{@code
 * LabelledTable st = session.presentationwiseSpikeTimes(Intervals.ofStimulus("flashes"), UnitSelection.all());
 * double first = ((DoubleColumn) st.table().column("spike_time")).get(0);
 * }</pre>
 *
 * @param table the rows
 * @param attrs what the rows were computed over (e.g. {@code stimulus_presentation_id} and {@code unit_id}: the
 *              selected presentations and units, also those no row mentions), in order
 * @param notes what the analysis wants its caller to know, in the order it arose
 */
public record LabelledTable(Table table, Map<String, Object> attrs, List<Note> notes) {
    public LabelledTable {
        attrs = Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
        notes = List.copyOf(notes);
    }
}
