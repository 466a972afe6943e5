package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's Java example, compiled and run exactly as written (from the repository root, as the README says),
 * against the command line's output for the same analysis: the README cannot rot.
 */
class ReadmeSnippetTest {
    private static final String IMPORTS = "import java.nio.file.Path;\nimport java.util.Arrays;\nimport org.ragtime.io.LabelledArray;\n"
            + "import org.ragtime.io.ecephys.*;\n";

    @TempDir
    Path dir;

    @Test
    void theReadmesJavaExampleRunsAndPrintsTheCommandLinesCounts() throws Exception {
        Path root = Cli.DATA.toAbsolutePath().normalize().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String library = readme.substring(readme.indexOf("## The library"));
        String snippet = library.substring(library.indexOf("```java\n") + 8, library.indexOf("```\n", library.indexOf("```java\n") + 8));
        long lines = snippet.lines().count();
        assertTrue(lines <= 8, "the README's example is at most 8 lines from open to result, has " + lines);
        assertTrue(snippet.contains("EcephysSession.open("), snippet);

        Path src = Files.createDirectories(dir.resolve("src")).resolve("ReadmeSnippet.java");
        Files.writeString(src, IMPORTS + "public class ReadmeSnippet {\n    public static void main(String[] args) throws Exception {\n"
                + snippet + "    }\n}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String cp = System.getProperty("java.class.path");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp", cp, src.toString());
        assertEquals(0, rc, "the README's example compiles");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classes + File.pathSeparator + cp, "ReadmeSnippet")
                .directory(root.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), printed + Files.readString(dir.resolve("err.txt")));

        Path out = dir.resolve("counts.npy");
        Cli r = Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--structure", "VISp",
                "--out", out);
        assertEquals(0, r.status(), r.err());
        assertEquals(expected(out, Files.readString(dir.resolve("counts.coords.json"))), printed);
    }

    /** What the example prints, from the command's .npy (shape, uint16 cells) and OUT.coords.json (dtype, unit ids). */
    private static String expected(Path npy, String coords) throws Exception {
        Matcher dtype = Pattern.compile("\"dtype\":\"(\\w+)\"").matcher(coords);
        Matcher units = Pattern.compile("\"unit_id\":\\[([0-9,]*)]").matcher(coords);
        assertTrue(dtype.find() && units.find(), coords);
        assertEquals("uint16", dtype.group(1));
        try (FileChannel ch = FileChannel.open(npy); Arena arena = Arena.ofConfined()) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            int header = 10 + (seg.get(ValueLayout.JAVA_BYTE, 8) & 0xff) + ((seg.get(ValueLayout.JAVA_BYTE, 9) & 0xff) << 8);
            String h = new String(seg.asSlice(0, header).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            String shape = h.substring(h.indexOf("'shape': (") + 10, h.indexOf(')', h.indexOf("'shape'")));
            long spikes = 0;
            for (long i = header; i < seg.byteSize(); i += 2) {
                spikes += seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, i) & 0xffff;
            }
            assertTrue(spikes > 100, "the sample's VISp units fire during the gratings: " + spikes);
            return "uint16[" + shape + "] " + List.of("stimulus_presentation_id", "time_relative_to_stimulus_onset", "unit_id")
                    + " units [" + units.group(1).replace(",", ", ") + "]: " + spikes + " spikes";
        }
    }
}
