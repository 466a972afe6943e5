package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ContiguousDataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the reader fuzzer (docs/reliability.md, mutant 192 of seed 1: one drifting_gratings row with
 * start_time and stop_time swapped): spike-times and condition-stats refused the reversed presentation with
 * exit 2 but a message naming neither the file nor the table ("ragtime: stimulus presentation 20: start_time
 * 62.5 is not before stop_time 62.0"), as the engine's refusals name no file. They now name both (the reader's
 * check of stop times catches it first, naming the column and row).
 */
class PresentationRefusalMessageTest {
    @TempDir
    Path dir;

    @Test
    void reversedPresentationIsRefusedNamingFileAndTable() throws Exception {
        String table = "/intervals/drifting_gratings_presentations";
        byte[] b = Files.readAllBytes(Cli.ECEPHYS);
        long start;
        long stop;
        try (HdfFile h = new HdfFile(Cli.ECEPHYS)) {
            start = ((ContiguousDataset) h.getDatasetByPath(table + "/start_time")).getDataAddress();
            stop = ((ContiguousDataset) h.getDatasetByPath(table + "/stop_time")).getDataAddress();
        }
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int row = 20;
        double s = w.getDouble((int) start + 8 * row);
        double e = w.getDouble((int) stop + 8 * row);
        w.putDouble((int) start + 8 * row, e);
        w.putDouble((int) stop + 8 * row, s);
        Path file = Files.write(dir.resolve("reversed.nwb"), b);
        for (String command : new String[] {"spike-times", "condition-stats"}) {
            Path out = dir.resolve(command + ".csv");
            Cli r = Cli.run(command, file, "--stimulus", "drifting_gratings", "--out", out);
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            // the reader refuses it first, at the stop_time column (was the engine's "is not before stop_time")
            assertTrue(r.err().startsWith("ragtime: " + file + ": " + table + "/stop_time: row 20 (stimulus presentation "), r.err());
            assertTrue(r.err().contains("is not a finite number at or after start_time"), r.err());
            assertTrue(!Files.exists(out), "no output after a refusal");
        }
    }
}
