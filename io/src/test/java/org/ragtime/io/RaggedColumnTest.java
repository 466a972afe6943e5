package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VectorIndex of every integer width, an index of an index over a 2-D target, fixed-length strings. */
class RaggedColumnTest {
    @TempDir
    Path tmp;

    private static final DatasetCreationOptions UNSIGNED = DatasetCreationOptions.builder().unsigned().build();

    @Test
    void everyIndexWidthAndIndexOfIndex() throws Exception {
        Path p = tmp.resolve("ragged.nwb");
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putAttribute("nwb_version", "2.6.0");
            WritableGroup t = w.putGroup("table");
            t.putAttribute("colnames", new String[] {"u8", "u16", "u32", "u64", "i32", "i64", "w", "name"});
            t.putDataset("id", new int[] {7, 8, 9}); // int32 ids (2023 Allen dumps)
            double[] values = {1, 2, 3, 4, 5, 6};
            for (String c : List.of("u8", "u16", "u32", "u64", "i32", "i64")) {
                t.putDataset(c, values);
            }
            // rows: [1,2] [] [3,4,5,6]
            t.putDataset("u8_index", new byte[] {2, 2, 6}, UNSIGNED);
            t.putDataset("u16_index", new short[] {2, 2, 6}, UNSIGNED);
            t.putDataset("u32_index", new int[] {2, 2, 6}, UNSIGNED);
            t.putDataset("u64_index", new long[] {2, 2, 6}, UNSIGNED);
            t.putDataset("i32_index", new int[] {2, 2, 6});
            t.putDataset("i64_index", new long[] {2, 2, 6});
            // index of index over a 2-D target (4 data rows of 3): table rows own [[r0], [r1, r2]], [], [[r3]]
            t.putDataset("w", new double[][] {{0, 1, 2}, {10, 11, 12}, {20, 21, 22}, {30, 31, 32}});
            t.putDataset("w_index", new long[] {1, 3, 4});
            t.putDataset("w_index_index", new long[] {2, 2, 3});
            t.putDataset("name", new String[] {"alpha", "béta", "c"});
        }
        try (Session s = Session.open(p)) {
            DynamicTable t = s.table("/table");
            assertEquals(3, t.rowCount());
            assertArrayEquals(new long[] {7, 8, 9}, t.ids());
            for (String c : List.of("u8", "u16", "u32", "u64", "i32", "i64")) {
                VectorData col = t.column(c);
                assertEquals(VectorData.Kind.DOUBLE, col.kind());
                assertArrayEquals(new long[] {0, 2, 2, 6}, col.offsets(), c);
                assertEquals(List.of(1.0, 2.0), col.get(0), c);
                assertEquals(List.of(), col.get(1), c);
                assertEquals(List.of(3.0, 4.0, 5.0, 6.0), col.get(2), c);
            }
            assertEquals(NumericArray.Type.UINT16, s.array("/table/u16_index").type());
            assertEquals(NumericArray.Type.UINT64, s.array("/table/u64_index").type());

            VectorData w = t.column("w");
            assertEquals(2, w.depth());
            assertEquals(3, w.rowWidth());
            assertArrayEquals(new long[] {0, 2, 2, 3}, w.offsets(0));
            assertArrayEquals(new long[] {0, 1, 3, 4}, w.offsets(1));
            assertEquals(0, w.start(0));
            assertEquals(3, w.end(0));
            assertEquals(w.start(1), w.end(1));
            assertEquals(3, w.start(2));
            assertEquals(4, w.end(2));
            assertEquals(List.of(0.0, 1.0, 2.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0), w.get(0));
            assertEquals(List.of(30.0, 31.0, 32.0), w.get(2));

            VectorData name = t.column("name");
            assertEquals(VectorData.Kind.STRING, name.kind());
            assertEquals("béta", name.getString(1));
            assertTrue(t.has("w") && !t.has("nothing"));
            assertThrows(NwbException.class, () -> t.column("nothing"));
        }
    }
}
