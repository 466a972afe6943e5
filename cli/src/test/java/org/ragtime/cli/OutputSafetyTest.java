package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output paths that would lose data or fail late (issue 10): an output that is an input (however spelled),
 * two outputs that are one file, an output that is a directory, a device, a FIFO or a socket, an output
 * directory that is missing. Each is refused with exit status 2 and one line on stderr, before the command
 * reads its input, and nothing is written or left behind.
 */
class OutputSafetyTest {
    static final Path OPHYS = Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb");
    static final Path MANIFESTS = Cli.DATA.resolve("manifests");
    static final String IMAGES = "Natural_Images_Lum_Matched_set_training_2017.07.14";

    @TempDir
    Path dir;

    /** Every command that writes a file, as a function of its --out (and, for inputs, of the NWB/CSV it reads). */
    static Map<String, Function<Path, List<Object>>> writers(Path nwb, Path ophys, Path manifests) {
        return Map.of(
                "counts", o -> List.of("counts", nwb, "--stimulus", "drifting_gratings", "--bins", "0:0.2:0.05", "--out", o),
                "bin", o -> List.of("bin", nwb, "--bin-size", "0.5", "--out", o),
                "psth", o -> List.of("psth", nwb, "--stimulus", "drifting_gratings", "--bins", "0:0.2:0.05", "--out", o),
                "spike-times", o -> List.of("spike-times", nwb, "--stimulus", "drifting_gratings", "--out", o),
                "condition-stats", o -> List.of("condition-stats", nwb, "--stimulus", "drifting_gratings", "--out", o),
                "align-dff", o -> List.of("align-dff", ophys, "--stimulus", IMAGES, "--window=-0.5:0.75", "--out", o),
                "units", o -> List.of("units", nwb, "--out", o),
                "merge-ccf", o -> List.of("merge-ccf", "--units", manifests.resolve("units.csv"), "--channels",
                        manifests.resolve("channels.csv"), "--probes", manifests.resolve("probes.csv"), "--out", o),
                "generate", o -> List.of("generate", "--config", "small", "--units", "3", "--out", o));
    }

    private static Cli run(List<Object> args) {
        return Cli.run(args.toArray());
    }

    /** Exit 2 with exactly one line on stderr that contains {@code expected}, no Java class names, no trace. */
    private static void refused(Cli r, String expected, Object what) {
        assertEquals(2, r.status(), what + " -> " + r.err());
        assertEquals(1, r.err().strip().lines().count(), what + " -> " + r.err());
        assertTrue(r.err().contains(expected), what + " -> " + r.err());
        assertFalse(r.err().matches("(?s).*(Exception|\\bat org\\.|jhdf).*"), what + " -> " + r.err());
    }

    /** Names in {@code d} (temporaries included). */
    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theReportedCaseCountsOverItsOwnNwbIsRefusedAndTheFileKept() throws IOException {
        Path c = Files.copy(Cli.ECEPHYS, dir.resolve("c.nwb"));
        Cli r = Cli.run("counts", c, "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--out", c);
        refused(r, "is also an input", "counts --out FILE");
        assertEquals(-1, Files.mismatch(c, Cli.ECEPHYS));
        assertEquals(List.of("c.nwb"), names(dir));
    }

    @Test
    void anInputIsNeverAnOutputHoweverItIsSpelled() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path c = Files.copy(Cli.ECEPHYS, dir.resolve("c.nwb"));
        Files.createSymbolicLink(dir.resolve("link.nwb"), c);
        Files.createLink(dir.resolve("hard.nwb"), c);
        Path rel = Path.of("").toAbsolutePath().relativize(c);
        for (Object out : List.of(rel, sub.resolve("../c.nwb"), dir.resolve("link.nwb"), dir.resolve("hard.nwb"))) {
            for (Function<Path, List<Object>> cmd : writers(c, OPHYS, MANIFESTS).values()) {
                List<Object> args = cmd.apply(Path.of(out.toString()));
                if (!args.contains(c)) {
                    continue; // generate and merge-ccf do not read the NWB file
                }
                refused(run(args), "is also an input", args);
            }
        }
        // and the other way round: the output spelled plainly, the input through a link
        refused(Cli.run("units", dir.resolve("link.nwb"), "--out", c), "is also an input", "units via link");
        assertEquals(-1, Files.mismatch(c, Cli.ECEPHYS));
        assertEquals(List.of("c.nwb", "hard.nwb", "link.nwb", "sub"), names(dir));
    }

    @Test
    void sidecarsAndSecondOutputsAreCheckedAgainstTheInputsToo() throws IOException {
        // the NWB file happens to be named like counts' coordinates sidecar
        Path nwb = Files.copy(Cli.ECEPHYS, dir.resolve("x.coords.json"));
        refused(Cli.run("counts", nwb, "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--out", dir.resolve("x.npy")),
                "is also an input", "counts sidecar");
        refused(Cli.run("psth", nwb, "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--png", nwb, "--out", dir.resolve("p.npy")),
                "is also an input", "psth --png");
        assertEquals(-1, Files.mismatch(nwb, Cli.ECEPHYS));
        // align-dff: the event-times file as --means
        Path events = Files.writeString(dir.resolve("events.txt"), "10\n20\n30\n");
        refused(Cli.run("align-dff", OPHYS, "--event-times", events, "--window=-0.5:0.75", "--means", events,
                "--out", dir.resolve("a.npy")), "is also an input", "align-dff --means");
        assertEquals("10\n20\n30\n", Files.readString(events));
        // merge-ccf writing over one of its CSVs
        Path m = Files.createDirectories(dir.resolve("m"));
        for (String f : List.of("units.csv", "channels.csv", "probes.csv", "ecephys_sessions.csv")) {
            Files.copy(MANIFESTS.resolve(f), m.resolve(f));
        }
        refused(Cli.run("merge-ccf", "--units", m.resolve("units.csv"), "--channels", m.resolve("channels.csv"), "--probes",
                m.resolve("probes.csv"), "--out", m.resolve("./channels.csv")), "is also an input", "merge-ccf");
        // manifest: an output name in --out-dir that is a link to one of the manifests it reads
        Path outDir = Files.createDirectories(dir.resolve("summaries"));
        Files.createSymbolicLink(outDir.resolve("units_per_structure.csv"), m.resolve("units.csv"));
        refused(Cli.run("manifest", m, "--out-dir", outDir), "is also an input", "manifest");
        for (String f : List.of("units.csv", "channels.csv", "probes.csv", "ecephys_sessions.csv")) {
            assertEquals(-1, Files.mismatch(m.resolve(f), MANIFESTS.resolve(f)), f);
        }
        assertEquals(List.of("units_per_structure.csv"), names(outDir));
    }

    @Test
    void twoOutputsOfOneCommandCannotBeOneFile() throws IOException {
        Path p = dir.resolve("p.npy");
        refused(Cli.run("psth", Cli.ECEPHYS, "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--png", p, "--out", p),
                "names the same file", "psth --png = --out");
        Path a = dir.resolve("a.npy");
        refused(Cli.run("align-dff", OPHYS, "--stimulus", IMAGES, "--window=-0.5:0.75", "--means", dir.resolve("a.coords.json"),
                "--out", a), "names the same file", "align-dff --means = sidecar");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aMissingOutputDirectoryIsBadUsageForEveryWriter() throws IOException {
        Path copy = Files.copy(Cli.ECEPHYS, dir.resolve("in.nwb"));
        for (Map.Entry<String, Function<Path, List<Object>>> e : writers(copy, OPHYS, MANIFESTS).entrySet()) {
            Cli r = run(e.getValue().apply(dir.resolve("nodir/x.out")));
            refused(r, "does not exist", e.getKey());
        }
        refused(Cli.run("psth", copy, "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--png", dir.resolve("nodir/p.png"),
                "--out", dir.resolve("p.npy")), "does not exist", "psth --png");
        refused(Cli.run("align-dff", OPHYS, "--stimulus", IMAGES, "--window=-0.5:0.75", "--means", dir.resolve("nodir/m.csv"),
                "--out", dir.resolve("a.npy")), "does not exist", "align-dff --means");
        assertEquals(List.of("in.nwb"), names(dir));
    }

    /** The reported case: generate into a missing directory printed a jhdf exception class and exited 1. */
    @Test
    void generateIntoAMissingDirectoryIsOneCleanLine() {
        Cli r = Cli.run("generate", "--config", "small", "--out", dir.resolve("nodir/x.nwb"));
        refused(r, "nodir", "generate");
    }

    /**
     * An output that is an existing directory used to be found only when the finished output was renamed;
     * now before the work: with a missing input and a directory as output, the output is what is reported.
     */
    @Test
    void anOutputThatIsADirectoryIsRefusedBeforeTheInputIsRead() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("d"));
        Path missingInput = dir.resolve("missing.nwb");
        Path missingCsvs = Files.createDirectories(dir.resolve("nocsv"));
        for (Map.Entry<String, Function<Path, List<Object>>> e : writers(missingInput, missingInput, missingCsvs).entrySet()) {
            refused(run(e.getValue().apply(existing)), "is a directory", e.getKey());
        }
        // commands that write into a directory: a regular file there is refused
        Path file = Files.writeString(dir.resolve("plain"), "keep me");
        refused(Cli.run("manifest", MANIFESTS, "--out-dir", file), "not a directory", "manifest");
        refused(Cli.run("demo", "--data", Cli.DATA.resolve("nwb/generated"), "--out-dir", file), "not a directory", "demo");
        assertEquals("keep me", Files.readString(file));
        assertEquals(List.of("d", "nocsv", "plain"), names(dir));
        assertEquals(List.of(), names(existing));
    }

    /**
     * /dev/null was replaced by a regular file when ragtime ran as root; FIFOs and sockets likewise. The
     * device here is a private copy of /dev/null's node (mknod c 1 3 in the test directory), never the real
     * one, so a regression cannot break the machine; where mknod is not permitted that case is left out.
     */
    @Test
    void devicesFifosAndSocketsAreNeverReplaced() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        Path device = dir.resolve("null");
        boolean haveDevice = new ProcessBuilder("mknod", "-m", "666", device.toString(), "c", "1", "3")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        if (!haveDevice) {
            System.err.println("OutputSafetyTest: mknod not permitted here; the character-device case is left out"
                    + " (FIFO and socket still checked)");
        }
        Path socket = dir.resolve("sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(socket));
            List<Object[]> cases = new ArrayList<>();
            if (haveDevice) {
                cases.add(new Object[] {device, "character device"});
            }
            cases.add(new Object[] {fifo, "FIFO"});
            cases.add(new Object[] {socket, "socket"});
            for (Object[] c : cases) {
                Path special = (Path) c[0];
                Object modeBefore = Files.getAttribute(special, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                for (Map.Entry<String, Function<Path, List<Object>>> e : writers(Cli.ECEPHYS, OPHYS, MANIFESTS).entrySet()) {
                    refused(run(e.getValue().apply(special)), (String) c[1], e.getKey() + " " + special);
                }
                assertEquals(modeBefore, Files.getAttribute(special, "unix:mode", LinkOption.NOFOLLOW_LINKS), special.toString());
            }
        }
        // a symbolic link to one is followed and refused the same way
        Path link = Files.createSymbolicLink(dir.resolve("fifo-link"), fifo);
        refused(Cli.run("units", Cli.ECEPHYS, "--out", link), "FIFO", "link to a FIFO");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(0010000, (Integer) Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000, "still a FIFO");
    }

    @Test
    void aSymbolicLinkToAFileIsWrittenThroughAndKept() throws IOException {
        Path real = Files.writeString(dir.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);
        Cli r = Cli.run("units", Cli.ECEPHYS, "--out", link);
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).startsWith("unit_id,"));
        assertEquals(List.of("link.csv", "real.csv"), names(dir));
    }
}
