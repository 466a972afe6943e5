package org.ragtime.io.ophys;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.ragtime.engine.align.ConditionMeans;
import org.ragtime.engine.align.Traces;

/**
 * Tidy (long-format) CSV of mean event-triggered responses, one row per (cell, condition, time), for
 * plotting tools (seaborn, ggplot, Vega): columns {@code cell_specimen_id, cell_roi_id, condition, time,
 * <value>, n_events}. A cell without a specimen id (-1 in the file) and a mean over no events are empty
 * fields; numbers are written in Java's shortest round-trip form, which pandas parses back exactly.
 */
public final class ResponseCsv {
    private ResponseCsv() {
    }

    /** Writes {@link OphysExperiment#meanResponses} as tidy rows, the mean column named {@code valueName}. */
    public static void writeMeans(Writer out, OphysExperiment.ConditionResponses r, String valueName) throws IOException {
        List<?> cells = (List<?>) r.means().coords().get("cell_specimen_id");
        long[] cellIds = new long[cells.size()];
        for (int i = 0; i < cellIds.length; i++) {
            cellIds[i] = cells.get(i) == null ? CellSpecimens.NO_CELL : (Long) cells.get(i);
        }
        List<String> conditions = new java.util.ArrayList<>();
        for (Object c : (List<?>) r.means().coords().get("condition")) {
            conditions.add(String.valueOf(c));
        }
        writeMeans(out, cellIds, (long[]) r.means().coord("cell_roi_id"), conditions,
                (double[]) r.means().coords().get("time"), r.means().data(), r.counts().data(), valueName);
    }

    /**
     * Writes the means {@link ConditionMeans#compute} produced.
     *
     * @param cellSpecimenId per ROI (traces order), or -1 for none
     * @param cellRoiId      per ROI
     * @param conditions     condition labels, index = condition number
     * @param time           relative time of each sample
     * @param means          (rois, conditions, samples) float64
     * @param counts         (rois, conditions, samples) int32
     * @param valueName      name of the mean column, e.g. {@code mean_dff}
     */
    public static void writeMeans(Writer out, long[] cellSpecimenId, long[] cellRoiId, List<String> conditions,
                                  double[] time, MemorySegment means, MemorySegment counts, String valueName)
            throws IOException {
        CsvWriter csv = CsvWriter.builder().build(out);
        csv.writeRecord("cell_specimen_id", "cell_roi_id", "condition", "time", valueName, "n_events");
        int k = conditions.size();
        int s = time.length;
        for (int c = 0; c < cellRoiId.length; c++) {
            String cell = cellSpecimenId[c] == CellSpecimens.NO_CELL ? "" : Long.toString(cellSpecimenId[c]);
            String roi = Long.toString(cellRoiId[c]);
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < s; i++) {
                    long at = ((long) c * k + j) * s + i;
                    double m = means.getAtIndex(Traces.VALUE, at);
                    csv.writeRecord(cell, roi, conditions.get(j), Double.toString(time[i]),
                            Double.isNaN(m) ? "" : Double.toString(m),
                            Integer.toString(counts.getAtIndex(ConditionMeans.COUNT, at)));
                }
            }
        }
        csv.flush();
    }
}
