package org.ragtime.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.Note;
import org.ragtime.io.csv.TableCsv;
import org.ragtime.io.table.NwbTable;
import org.ragtime.io.table.RowSlice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime table FILE PATH}: any hdmf DynamicTable as pandas' {@code to_dataframe().to_csv()} writes it. */
@Command(name = "table", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Any hdmf DynamicTable of an NWB file (e.g. /intervals/trials, /units,"
                + " /general/extracellular_ephys/electrodes) as CSV, as pandas writes table.to_dataframe().to_csv().",
                "id first, then the columns in the table's colnames order; numbers, booleans (True/False) and text as"
                + " stored (floats as Python's repr, float32 with float32 digits, NaN as an empty field); regions"
                + " (DynamicTableRegion) as the ids of the referenced rows; hdmf EnumData as their element values; ragged"
                + " columns (X with X_index, also X_index_index) and rows of multi-dimensional columns as Python-literal"
                + " lists, e.g. \"[0.5, 1.25]\"; compound elements as tuples, references as paths. Only the columns asked"
                + " for are read.",
                "A PATH that is not a DynamicTable is refused, naming what is there and listing the file's tables; an"
                + " unknown column is refused, listing the table's columns."})
final class TableCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file.")
    Path file;

    @Parameters(index = "1", paramLabel = "PATH", description = "The table's HDF5 path (leading slash optional),"
            + " e.g. intervals/trials.")
    String path;

    @Option(names = "--columns", paramLabel = "A,B,...", split = ",",
            description = "Only these columns (shown in the table's colnames order; id always comes first).")
    List<String> columns = List.of();

    @Option(names = "--rows", paramLabel = "I:J", description = "Only rows I to J, Python slice semantics: 0-based"
            + " positions (not ids), J excluded, either bound may be left out, a negative bound counts from the end,"
            + " bounds past the table are clamped (e.g. 0:100, -10:, :5).")
    String rows;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV. (Zarr output,"
            + " OUT.zarr, comes later.)")
    Path out;

    @Override
    public Integer call() {
        if (out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zarr")) {
            throw new BadInputException("--out " + out + ": Zarr output of tables is not available yet; write CSV"
                    + " (--out NAME.csv)");
        }
        RowSlice slice = rows == null ? RowSlice.ALL : RowSlice.parse(rows);
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(out).prepare()) {
            Path tmp = outs.open(out);
            NwbTable t = NwbTable.read(file, path, columns, slice);
            try {
                TableCsv.write(t, tmp);
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s, %s of %s%n", out, Note.count(t.rowCount(), "row"),
                    Note.count(t.columns().size(), "column"), t.path());
        }
        return 0;
    }
}
