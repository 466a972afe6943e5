package org.ragtime.bench.units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.csv.CsvTables;

/**
 * Writes synthetic Visual Behavior Neuropixels project-cache manifests ({@code ecephys_sessions.csv},
 * {@code behavior_sessions.csv}, {@code probes.csv}, {@code channels.csv}, {@code units.csv}) with the
 * column lists AllenSDK's metadata writer produces, at the real dataset's size by default (153 sessions,
 * 6 probes of 384 channels each = 352,512 channels, 319,013 units). Values are random (seeded) with
 * realistic types: full-precision float metrics, integral CCF coordinates with NaN outside the brain,
 * structure acronyms including "grey" and missing, list literals with commas (quoted), booleans.
 * Optional dangling keys and missing values exercise the edge cases of the merge.
 *
 * <p>Usage: {@code ManifestGenerator DIR [units] [sessions] [seed] [danglingFraction]}.
 */
public final class ManifestGenerator {
    static final String[] STRUCTURES = {"VISp", "VISl", "VISal", "VISrl", "VISam", "VISpm", "LGd", "LP", "CA1", "CA3",
        "DG", "APN", "MB", "SCig", "grey", "root", "POL", "ProS", "SUB", "NOT"};
    static final String[] GENOTYPES = {"wt/wt", "Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt",
        "Vip-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt"};

    private ManifestGenerator() {
    }

    /** Writes the five manifests into {@code dir}. {@code dangling} is the fraction of units and channels with unknown keys. */
    public static void generate(Path dir, int units, int sessions, long seed, double dangling) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        int probesPerSession = 6;
        int channelsPerProbe = 384;
        int probes = sessions * probesPerSession;
        int channels = probes * channelsPerProbe;

        // sessions
        long[] sessionIds = new long[sessions];
        List<Column> s = new ArrayList<>();
        LongColumn.Builder sid = new LongColumn.Builder(sessions);
        LongColumn.Builder bsid = new LongColumn.Builder(sessions);
        List<String> date = new ArrayList<>(), equip = new ArrayList<>(), stype = new ArrayList<>(), geno = new ArrayList<>(),
                sex = new ArrayList<>(), project = new ArrayList<>(), acrs = new ArrayList<>(), imageSet = new ArrayList<>(),
                exp = new ArrayList<>(), path = new ArrayList<>(), abnH = new ArrayList<>(), abnA = new ArrayList<>();
        LongColumn.Builder mouse = new LongColumn.Builder(sessions), age = new LongColumn.Builder(sessions),
                uc = new LongColumn.Builder(sessions), pc = new LongColumn.Builder(sessions), cc = new LongColumn.Builder(sessions),
                prior = new LongColumn.Builder(sessions), snum = new LongColumn.Builder(sessions),
                priorOm = new LongColumn.Builder(sessions), fileId = new LongColumn.Builder(sessions);
        for (int i = 0; i < sessions; i++) {
            sessionIds[i] = 1_040_000_000L + i * 7919L;
            sid.add(sessionIds[i]);
            bsid.add(1_050_000_000L + i * 104_729L);
            date.add(String.format("2021-%02d-%02d 13:%02d:44.000000+00:00", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(60)));
            equip.add("NP." + (1 + rnd.nextInt(3)));
            boolean familiar = rnd.nextBoolean();
            String set = rnd.nextBoolean() ? "G" : "H";
            stype.add("EPHYS_1_images_" + set + "_3uL_reward");
            mouse.add(500_000 + rnd.nextInt(100_000));
            geno.add(GENOTYPES[rnd.nextInt(GENOTYPES.length)]);
            sex.add(rnd.nextBoolean() ? "M" : "F");
            project.add(rnd.nextInt(4) == 0 ? "NeuropixelVisualBehavior" : "NeuropixelVisualBehaviorPilot");
            age.add(100 + rnd.nextInt(100));
            uc.add(units / sessions);
            pc.add(probesPerSession);
            cc.add((long) probesPerSession * channelsPerProbe);
            acrs.add("['" + STRUCTURES[rnd.nextInt(STRUCTURES.length)] + "', '" + STRUCTURES[rnd.nextInt(STRUCTURES.length)] + "']");
            imageSet.add(set);
            if (rnd.nextInt(10) == 0) {
                prior.addNull();
            } else {
                prior.add(rnd.nextInt(40));
            }
            snum.add(1 + rnd.nextInt(2));
            priorOm.add(rnd.nextInt(5));
            exp.add(familiar ? "Familiar" : "Novel");
            fileId.add(i);
            path.add("behavior_ecephys_sessions/" + sessionIds[i] + "/ecephys_session_" + sessionIds[i] + ".nwb");
            abnH.add(rnd.nextInt(12) == 0 ? "['VISp']" : null);
            abnA.add(rnd.nextInt(15) == 0 ? "[5440.0, 5450.0]" : null);
        }
        s.add(sid.build("ecephys_session_id"));
        s.add(bsid.build("behavior_session_id"));
        s.add(StringColumn.of("date_of_acquisition", date));
        s.add(StringColumn.of("equipment_name", equip));
        s.add(StringColumn.of("session_type", stype));
        s.add(mouse.build("mouse_id"));
        s.add(StringColumn.of("genotype", geno));
        s.add(StringColumn.of("sex", sex));
        s.add(StringColumn.of("project_code", project));
        s.add(age.build("age_in_days"));
        s.add(uc.build("unit_count"));
        s.add(pc.build("probe_count"));
        s.add(cc.build("channel_count"));
        s.add(StringColumn.of("structure_acronyms", acrs));
        s.add(StringColumn.of("image_set", imageSet));
        s.add(prior.build("prior_exposures_to_image_set"));
        s.add(snum.build("session_number"));
        s.add(priorOm.build("prior_exposures_to_omissions"));
        s.add(StringColumn.of("experience_level", exp));
        s.add(fileId.build("file_id"));
        s.add(StringColumn.of("file_path", path));
        s.add(StringColumn.of("abnormal_histology", abnH));
        s.add(StringColumn.of("abnormal_activity", abnA));
        Table sessionTable = Table.of("ecephys_sessions.csv", s);
        CsvTables.write(sessionTable, dir.resolve("ecephys_sessions.csv"));
        CsvTables.write(behaviorSessions(sessionTable, rnd), dir.resolve("behavior_sessions.csv"));

        // probes
        long[] probeIds = new long[probes];
        long[] probeSession = new long[probes];
        LongColumn.Builder pid = new LongColumn.Builder(probes), psid = new LongColumn.Builder(probes),
                puc = new LongColumn.Builder(probes), pcc = new LongColumn.Builder(probes), pfile = new LongColumn.Builder(probes);
        double[] sr = new double[probes], lfp = new double[probes];
        List<String> pname = new ArrayList<>(), phase = new ArrayList<>(), hasLfp = new ArrayList<>(), pacr = new ArrayList<>(),
                ppath = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            probeIds[i] = 1_044_000_000L + i * 13L;
            probeSession[i] = sessionIds[i / probesPerSession];
            pid.add(probeIds[i]);
            psid.add(probeSession[i]);
            pname.add("probe" + (char) ('A' + i % probesPerSession));
            sr[i] = 29999.9 + rnd.nextDouble() * 0.2;
            lfp[i] = sr[i] / 12;
            phase.add("1.0");
            boolean has = rnd.nextInt(20) != 0;
            hasLfp.add(has ? "True" : "False");
            puc.add(units / probes);
            pcc.add(channelsPerProbe);
            pacr.add("['" + STRUCTURES[rnd.nextInt(STRUCTURES.length)] + "', 'root']");
            pfile.add(has ? i : -1);
            ppath.add(has ? "behavior_ecephys_sessions/" + probeSession[i] + "/probe_" + probeIds[i] + "_lfp.nwb" : null);
        }
        Table probeTable = Table.of("probes.csv", List.of(pid.build("ecephys_probe_id"), psid.build("ecephys_session_id"),
                StringColumn.of("name", pname), DoubleColumn.of("sampling_rate", sr), DoubleColumn.of("lfp_sampling_rate", lfp),
                StringColumn.of("phase", phase), StringColumn.of("has_lfp_data", hasLfp), puc.build("unit_count"),
                pcc.build("channel_count"), StringColumn.of("structure_acronyms", pacr), pfile.build("file_id"),
                StringColumn.of("file_path", ppath)));
        CsvTables.write(probeTable, dir.resolve("probes.csv"));

        // channels
        long[] chanIds = new long[channels];
        long[] chanProbe = new long[channels];
        double[][] chanCcf = new double[3][channels];
        String[] chanStruct = new String[channels];
        int[] chanVert = new int[channels];
        int[] chanHoriz = new int[channels];
        LongColumn.Builder cid = new LongColumn.Builder(channels), cpid = new LongColumn.Builder(channels),
                csid = new LongColumn.Builder(channels), cnum = new LongColumn.Builder(channels),
                cvert = new LongColumn.Builder(channels), chor = new LongColumn.Builder(channels), cuc = new LongColumn.Builder(channels);
        List<String> cstruct = new ArrayList<>(channels), cvalid = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            int p = i / channelsPerProbe;
            int k = i % channelsPerProbe;
            chanIds[i] = 1_049_000_000L + i;
            chanProbe[i] = rnd.nextDouble() < dangling / 10 ? 999_999_999L : probeIds[p];
            cid.add(chanIds[i]);
            cpid.add(chanProbe[i]);
            csid.add(probeSession[p]);
            cnum.add(k);
            chanVert[i] = 20 + (k / 2) * 20;
            chanHoriz[i] = (k % 4) * 16 + 11;
            cvert.add(chanVert[i]);
            chor.add(chanHoriz[i]);
            boolean inBrain = k < 300;
            for (int a = 0; a < 3; a++) {
                chanCcf[a][i] = inBrain ? 6000 + rnd.nextInt(4000) : Double.NaN;
            }
            chanStruct[i] = inBrain ? STRUCTURES[(p * 7 + k / 40) % STRUCTURES.length] : null;
            cstruct.add(chanStruct[i]);
            cuc.add(rnd.nextInt(4));
            cvalid.add(rnd.nextInt(200) == 0 ? "False" : "True");
        }
        Table channelTable = Table.of("channels.csv", List.of(cid.build("ecephys_channel_id"), cpid.build("ecephys_probe_id"),
                csid.build("ecephys_session_id"), cnum.build("probe_channel_number"), cvert.build("probe_vertical_position"),
                chor.build("probe_horizontal_position"), DoubleColumn.of("anterior_posterior_ccf_coordinate", chanCcf[0]),
                DoubleColumn.of("dorsal_ventral_ccf_coordinate", chanCcf[1]),
                DoubleColumn.of("left_right_ccf_coordinate", chanCcf[2]), StringColumn.of("structure_acronym", cstruct),
                cuc.build("unit_count"), StringColumn.of("valid_data", cvalid)));
        CsvTables.write(channelTable, dir.resolve("channels.csv"));

        // units
        String[] metricNames = {"amplitude_cutoff", "cumulative_drift", "d_prime", "firing_rate", "isi_violations",
            "isolation_distance", "l_ratio", "max_drift", "nn_hit_rate", "nn_miss_rate", "presence_ratio",
            "silhouette_score", "snr", "amplitude", "waveform_duration", "waveform_halfwidth", "PT_ratio",
            "recovery_slope", "repolarization_slope", "spread", "velocity_above", "velocity_below"};
        double[][] metrics = new double[metricNames.length][units];
        LongColumn.Builder uid = new LongColumn.Builder(units), ucid = new LongColumn.Builder(units),
                upid = new LongColumn.Builder(units), usid = new LongColumn.Builder(units), usid2 = new LongColumn.Builder(units),
                uloc = new LongColumn.Builder(units), uvert = new LongColumn.Builder(units), uhor = new LongColumn.Builder(units);
        double[][] uccf = new double[3][units];
        List<String> ustruct = new ArrayList<>(units), uq = new ArrayList<>(units), uvalid = new ArrayList<>(units);
        for (int i = 0; i < units; i++) {
            int ch = (int) ((long) i * channels / units) + rnd.nextInt(3); // several units per channel, in probe order
            ch = Math.min(ch, channels - 1);
            uid.add(1_100_000_000L + i);
            if (rnd.nextDouble() < dangling) {
                if (rnd.nextBoolean()) {
                    ucid.addNull();
                } else {
                    ucid.add(2_000_000_000L + i);
                }
            } else {
                ucid.add(chanIds[ch]);
            }
            upid.add(probeIds[ch / channelsPerProbe]);
            usid.add(probeSession[ch / channelsPerProbe]);
            for (int a = 0; a < 3; a++) {
                uccf[a][i] = chanCcf[a][ch];
            }
            ustruct.add(chanStruct[ch]);
            usid2.add(STRUCTURES.length + (chanStruct[ch] == null ? 0 : chanStruct[ch].length()));
            uloc.add(rnd.nextInt(500));
            uvert.add(chanVert[ch]);
            uhor.add(chanHoriz[ch]);
            uq.add(rnd.nextInt(5) == 0 ? "noise" : "good");
            uvalid.add("True");
            for (int m = 0; m < metricNames.length; m++) {
                double v = switch (metricNames[m]) {
                    case "amplitude_cutoff" -> rnd.nextDouble() * 0.5;
                    case "presence_ratio" -> rnd.nextInt(3) == 0 ? 0.99 : rnd.nextDouble();
                    case "isi_violations" -> rnd.nextDouble() * rnd.nextDouble() * 3;
                    case "firing_rate" -> Math.exp(rnd.nextDouble() * 5 - 2);
                    default -> (rnd.nextDouble() - 0.2) * 100;
                };
                metrics[m][i] = rnd.nextInt(200) == 0 ? Double.NaN : v;
            }
        }
        List<Column> u = new ArrayList<>();
        u.add(uid.build("unit_id"));
        u.add(ucid.build("ecephys_channel_id"));
        u.add(upid.build("ecephys_probe_id"));
        u.add(usid.build("ecephys_session_id"));
        u.add(DoubleColumn.of("amplitude_cutoff", metrics[0]));
        u.add(DoubleColumn.of("anterior_posterior_ccf_coordinate", uccf[0]));
        u.add(DoubleColumn.of("dorsal_ventral_ccf_coordinate", uccf[1]));
        u.add(DoubleColumn.of("left_right_ccf_coordinate", uccf[2]));
        u.add(DoubleColumn.of("cumulative_drift", metrics[1]));
        u.add(DoubleColumn.of("d_prime", metrics[2]));
        u.add(StringColumn.of("structure_acronym", ustruct));
        u.add(usid2.build("structure_id"));
        u.add(DoubleColumn.of("firing_rate", metrics[3]));
        u.add(DoubleColumn.of("isi_violations", metrics[4]));
        u.add(DoubleColumn.of("isolation_distance", metrics[5]));
        u.add(DoubleColumn.of("l_ratio", metrics[6]));
        u.add(uloc.build("local_index"));
        u.add(DoubleColumn.of("max_drift", metrics[7]));
        u.add(DoubleColumn.of("nn_hit_rate", metrics[8]));
        u.add(DoubleColumn.of("nn_miss_rate", metrics[9]));
        u.add(DoubleColumn.of("presence_ratio", metrics[10]));
        u.add(uhor.build("probe_horizontal_position"));
        u.add(uvert.build("probe_vertical_position"));
        u.add(DoubleColumn.of("silhouette_score", metrics[11]));
        u.add(DoubleColumn.of("snr", metrics[12]));
        u.add(StringColumn.of("quality", uq));
        u.add(StringColumn.of("valid_data", uvalid));
        for (int m = 13; m < metricNames.length; m++) {
            u.add(DoubleColumn.of(metricNames[m], metrics[m]));
        }
        CsvTables.write(Table.of("units.csv", u), dir.resolve("units.csv"));
    }

    private static Table behaviorSessions(Table ecephys, SplittableRandom rnd) {
        int n = ecephys.rowCount();
        LongColumn.Builder prior = new LongColumn.Builder(n);
        for (int i = 0; i < n; i++) {
            prior.add(rnd.nextInt(60));
        }
        List<Column> c = new ArrayList<>();
        c.add(ecephys.column("behavior_session_id"));
        c.add(ecephys.column("equipment_name"));
        c.add(ecephys.column("genotype"));
        c.add(ecephys.column("mouse_id"));
        c.add(ecephys.column("sex"));
        c.add(ecephys.column("age_in_days"));
        c.add(ecephys.column("session_number"));
        c.add(prior.build("prior_exposures_to_session_type"));
        c.add(ecephys.column("prior_exposures_to_image_set"));
        c.add(ecephys.column("prior_exposures_to_omissions"));
        c.add(ecephys.column("ecephys_session_id"));
        c.add(ecephys.column("date_of_acquisition"));
        c.add(ecephys.column("session_type"));
        c.add(ecephys.column("image_set"));
        c.add(ecephys.column("file_id"));
        c.add(ecephys.column("file_path"));
        return Table.of("behavior_sessions.csv", c);
    }

    /** Command line: {@code DIR [units=319013] [sessions=153] [seed=1] [dangling=0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ManifestGenerator DIR [units] [sessions] [seed] [danglingFraction]");
            System.exit(2);
        }
        int units = args.length > 1 ? Integer.parseInt(args[1]) : 319_013;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 153;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        double dangling = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        generate(Path.of(args[0]), units, sessions, seed, dangling);
    }
}
