package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.dataset.ChunkedDataset;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunked datasets decoded by Ragtime (own chunk walk + engine.codec) against jhdf's getData() and known arrays. */
class ChunkedDecodeTest {
    @TempDir
    Path tmp;

    @Test
    void allenEventDetectionMatchesJhdf() {
        Path f = Fixtures.file("generated/allensdk_style_behavior_ophys_experiment.nwb");
        String path = "/processing/ophys/event_detection/data";
        double[][] oracle;
        try (HdfFile h = new HdfFile(f)) {
            var ds = h.getDatasetByPath(path);
            assertEquals(true, ds instanceof ChunkedDataset, "the fixture's event_detection is chunked");
            assertEquals("deflate", ds.getFilters().get(0).getName());
            oracle = (double[][]) ds.getData();
        }
        try (Session s = Session.open(f)) {
            NumericArray a = s.array(path);
            assertFalse(a.isMapped());
            assertArrayEquals(new long[] {600, 12}, a.shape());
            assertEquals(NumericArray.Type.FLOAT64, a.type());
            for (int t = 0; t < 600; t++) {
                for (int r = 0; r < 12; r++) {
                    assertEquals(oracle[t][r], a.getDouble(t * 12L + r), "[" + t + "][" + r + "]");
                }
            }
            assertEquals(0.04797688322316995, a.getDouble(0)); // EXPECTED.json data00
        }
    }

    /** HDF5's Fletcher-32 of known bytes (values from H5_checksum_fletcher32's algorithm; odd lengths and folding). */
    @Test
    void fletcher32AsHdf5ComputesIt() {
        byte[] a = new byte[255];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i;
        }
        byte[] b = new byte[5001];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ((i * 7 + 3) % 256);
        }
        assertEquals(0x5476bf40, ChunkDecoder.fletcher32(java.lang.foreign.MemorySegment.ofArray(a), a.length));
        assertEquals(0x22c1f6a1, ChunkDecoder.fletcher32(java.lang.foreign.MemorySegment.ofArray(b), b.length));
    }

    @Test
    void shuffledDeflatedEdgeChunksInTwoAndThreeDimensions() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        double[][] d2 = new double[37][23];
        for (double[] row : d2) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.round(r.nextDouble() * 1000) / 8.0;
            }
        }
        int[][][] i3 = new int[5][7][11];
        for (int[][] plane : i3) {
            for (int[] row : plane) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = r.nextInt(-500, 500);
                }
            }
        }
        long[] l1 = new long[1001];
        for (int i = 0; i < l1.length; i++) {
            l1[i] = i * 3L + r.nextInt(3);
        }
        Path p = tmp.resolve("chunked.nwb");
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putAttribute("nwb_version", "2.6.0");
            w.putDataset("d2", d2, DatasetCreationOptions.builder().chunkDimensions(8, 5).shuffle().deflate(4).build());
            w.putDataset("i3", i3, DatasetCreationOptions.builder().chunkDimensions(2, 3, 4).deflate(9).build());
            w.putDataset("l1", l1, DatasetCreationOptions.builder().chunkDimensions(64).shuffle().deflate().build());
        }
        try (Session s = Session.open(p)) {
            NumericArray a = s.array("/d2");
            assertFalse(a.isMapped(), "written chunked");
            assertArrayEquals(new long[] {37, 23}, a.shape());
            for (int i = 0; i < 37; i++) {
                for (int j = 0; j < 23; j++) {
                    assertEquals(d2[i][j], a.getDouble(i * 23L + j), "seed " + seed);
                }
            }
            NumericArray b = s.array("/i3");
            assertEquals(NumericArray.Type.INT32, b.type());
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 7; j++) {
                    for (int k = 0; k < 11; k++) {
                        assertEquals(i3[i][j][k], b.getLong((i * 7L + j) * 11 + k), "seed " + seed);
                    }
                }
            }
            assertFalse(b.isMapped());
            assertFalse(s.array("/l1").isMapped());
            assertArrayEquals(l1, s.array("/l1").toLongArray(), "seed " + seed);
        }
    }
}
