package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonSummaryMatchesPynwb() throws Exception {
        Cli r = Cli.run("info", Cli.ECEPHYS, "--json");
        assertEquals(0, r.status(), r.err());
        Path json = dir.resolve("info.json");
        Files.writeString(json, r.out());
        // the same facts read by pynwb (EXPECTED.json) and by h5py directly
        String check = Python.run("""
                import sys, json, h5py
                info = json.load(open(sys.argv[1])); exp = json.load(open(sys.argv[2]))
                e = [v for k, v in exp.items() if k.endswith('allensdk_style_ecephys_session.nwb')][0]
                f = h5py.File(sys.argv[3], 'r')
                assert info['units']['count'] == len(e['units']['ids']) == len(f['units/id']), info['units']
                assert info['units']['total_spikes'] == len(f['units/spike_times'])
                assert info['electrodes']['rows'] == len(f['general/extracellular_ephys/electrodes/id'])
                for name, t in info['intervals'].items():
                    assert t['rows'] == len(f['intervals'][name]['id']), name
                    assert t['columns'] == list(f['intervals'][name].attrs['colnames']), name
                assert info['nwb_version'] == f.attrs['nwb_version']
                print('ok', info['units']['total_spikes'])
                """, json.toString(), Cli.DATA.resolve("nwb/EXPECTED.json").toString(), Cli.ECEPHYS.toString());
        assertTrue(check.startsWith("ok "), check);
    }

    @Test
    void textSummaryNamesEverything() {
        Cli r = Cli.run("info", Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("/processing/ophys/dff/traces (RoiResponseSeries): 600 x 12, time x rois"), r.out());
        assertTrue(r.out().contains("trials: 6 rows"), r.out());
    }

    @Test
    void badFilesExitTwoWithOneLineNamingTheFile() throws Exception {
        byte[] good = Files.readAllBytes(Cli.ECEPHYS);
        Path empty = Files.write(dir.resolve("empty.nwb"), new byte[0]);
        Path text = Files.writeString(dir.resolve("text.nwb"), "not hdf5");
        Path truncated = Files.write(dir.resolve("trunc.nwb"), Arrays.copyOf(good, good.length / 3));
        byte[] corrupt = good.clone();
        for (int i = 48; i < 200; i++) {
            corrupt[i] = (byte) 0xA5; // root group header address and beyond
        }
        Path damaged = Files.write(dir.resolve("damaged.nwb"), corrupt);
        Path nwb1 = Cli.DATA.resolve("nwb/real/allen_brain_observatory_nwb1_496908818s.nwb");
        for (Path p : new Path[] {empty, text, truncated, damaged, nwb1, dir.resolve("missing.nwb")}) {
            Cli r = Cli.run("info", p);
            assertEquals(2, r.status(), p + " -> " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("ragtime: " + p), r.err());
        }
    }
}
