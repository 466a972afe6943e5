package org.ragtime.synth;

import java.util.SplittableRandom;

/**
 * Neuropixels 1.0 probes and their channels in the Visual Coding manner: 384 channels per probe,
 * channel 0 at the tip; from the tip up a thalamic or midbrain structure, DG, CA1, one visual
 * cortical area, then channels outside the brain (location "" and NaN CCF coordinates). Channel
 * ids are {@code probeId * 1000 + channel}.
 */
final class Probes {
    static final int CHANNELS = 384;
    private static final String[] CORTEX = {"VISp", "VISl", "VISam", "VISpm", "VISal", "VISrl"};
    private static final String[] DEEP = {"LGd", "grey", "LP", "APN", "PO", "LGd"};
    /** Neuropixels 1.0 checkerboard: x of the 4 channel positions in a repeating group. */
    private static final long[] HORIZONTAL = {43, 11, 59, 27};

    final int probes;
    final long[] probeIds;
    final long[] ids;
    final String[] location;
    final String[] groupName;
    final long[] vertical, horizontal, probeId, channel;
    final boolean[] valid;
    final double[] x, y, z;

    Probes(SyntheticSession.Config c) {
        probes = c.probes();
        int n = probes * CHANNELS;
        probeIds = new long[probes];
        ids = new long[n];
        location = new String[n];
        groupName = new String[n];
        vertical = new long[n];
        horizontal = new long[n];
        probeId = new long[n];
        channel = new long[n];
        valid = new boolean[n];
        x = new double[n];
        y = new double[n];
        z = new double[n];
        for (int p = 0; p < probes; p++) {
            SplittableRandom rng = Seeds.stream(c.seed(), Seeds.PROBES, p);
            probeIds[p] = 760_000_000L + 1000L * p + rng.nextInt(1000);
            // structure boundaries (channel numbers) jittered per probe
            int deepTop = 60 + rng.nextInt(20), dgTop = deepTop + 35 + rng.nextInt(10),
                    ca1Top = dgTop + 45 + rng.nextInt(10), brainTop = 290 + rng.nextInt(30);
            double ap = 7500 + rng.nextDouble() * 2000, lr = 7000 + rng.nextDouble() * 2500,
                    surfaceDv = 500 + rng.nextDouble() * 600;
            for (int ch = 0; ch < CHANNELS; ch++) {
                int i = p * CHANNELS + ch;
                ids[i] = probeIds[p] * 1000 + ch;
                groupName[i] = name(p);
                vertical[i] = 20L * (ch / 2) + 20;
                horizontal[i] = HORIZONTAL[ch % 4];
                probeId[i] = probeIds[p];
                channel[i] = ch;
                valid[i] = ch != 191 && rng.nextInt(100) != 0; // 191 is the NP1.0 reference channel
                location[i] = ch < deepTop ? DEEP[p % DEEP.length] : ch < dgTop ? "DG" : ch < ca1Top ? "CA1"
                        : ch < brainTop ? CORTEX[p % CORTEX.length] : "";
                if (location[i].isEmpty()) {
                    x[i] = y[i] = z[i] = Double.NaN;
                } else {
                    double depthUm = (brainTop - ch) * 10.0; // 10 µm of depth per channel (two per 20 µm row)
                    x[i] = ap + depthUm * 0.05;
                    y[i] = surfaceDv + depthUm;
                    z[i] = lr - depthUm * 0.02;
                }
            }
        }
    }

    static String name(int probe) {
        return "probe" + (char) ('A' + probe);
    }

    int count() {
        return ids.length;
    }
}
