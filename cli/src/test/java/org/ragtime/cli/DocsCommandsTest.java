package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command line that README.md and docs/*.md show runs as written, so the documentation cannot drift
 * from the command line. A fenced code block that holds a {@code ./ragtime} line runs as one bash script from
 * a scratch directory that looks like the repository root ({@code data/} linked, {@code ./ragtime} a script
 * that runs this build's classes), with every {@code ./ragtime} line checked for exit status 0 and no stack
 * trace; an inline {@code `./ragtime ...`} span is checked the same way unless it elides with "...". README's
 * {@code ./test} line is the one line not run (it is the command that runs this test).
 * {@code bench} lines are parsed (flags and values checked) but not run: the suite takes minutes.
 */
class DocsCommandsTest {
    static final Path ROOT = Cli.DATA.toAbsolutePath().normalize().getParent();
    private static final Pattern INLINE = Pattern.compile("`(\\./ragtime [^`]*)`");

    /** The documented command lines, as bash scripts, one per code block or inline span, with where they are. */
    static List<String[]> scripts() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String[]> out = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            boolean fenced = false;
            StringBuilder block = null;
            int blockLine = 0;
            boolean hasCommand = false;
            boolean inCommand = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("```")) {
                    if (fenced && hasCommand) {
                        out.add(new String[] {ROOT.relativize(doc) + ":" + blockLine, block.toString()});
                    }
                    fenced = !fenced;
                    block = new StringBuilder();
                    blockLine = i + 1;
                    hasCommand = false;
                    continue;
                }
                if (fenced) {
                    // the test command itself is the one line not run here (it runs this test)
                    block.append(l.startsWith("./test") ? "# " + l : l).append('\n');
                    inCommand |= l.startsWith("./ragtime ");
                    if (inCommand && !l.endsWith("\\")) { // the last line of a command (continuations end in \)
                        block.append(check(ROOT.relativize(doc) + ":" + (i + 1)));
                        hasCommand = true;
                        inCommand = false;
                    }
                    continue;
                }
                Matcher m = INLINE.matcher(l);
                while (m.find()) {
                    if (!m.group(1).contains("...")) {
                        out.add(new String[] {ROOT.relativize(doc) + ":" + (i + 1), m.group(1) + "\n" + check(ROOT.relativize(doc) + ":" + (i + 1))});
                    }
                }
            }
        }
        return out;
    }

    private static String check(String where) {
        return "rc=$?; if [ $rc != 0 ]; then echo \"DOCS: the command at " + where + " exited $rc\" >&2; exit 1; fi\n";
    }

    @Test
    void everyDocumentedCommandRunsAsWritten(@TempDir Path tmp) throws Exception {
        Files.createSymbolicLink(tmp.resolve("data"), ROOT.resolve("data"));
        Path launcher = tmp.resolve("ragtime");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
                + " -Dragtime.native.dir='" + System.getProperty("ragtime.native.dir") + "' -Dragtime.home='" + ROOT + "'"
                + " -cp '" + System.getProperty("java.class.path") + "' org.ragtime.cli.DocsCommandsTest \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String[]> scripts = scripts();
        assertTrue(scripts.size() >= 8, "found only " + scripts.size() + " documented blocks: is the extraction broken?");
        List<String> failures = new ArrayList<>();
        int commands = 0;
        for (String[] s : scripts) {
            commands += s[1].split("rc=\\$\\?", -1).length - 1;
            Process p = new ProcessBuilder("bash", "-c", s[1]).directory(tmp.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                failures.add(s[0] + ": timed out");
            } else if (p.exitValue() != 0 || log.contains("Exception") || log.contains("\tat ")) {
                failures.add(s[0] + ": exit " + p.exitValue() + "\n" + log);
            }
        }
        Files.delete(tmp.resolve("data")); // the link, not what it points to
        assertEquals(List.of(), failures, "documented commands that do not run as written");
        assertTrue(commands >= 25, commands + " commands");
    }

    @Test
    void theExtractionSeesBlocksContinuationsAndInlineSpans() throws IOException {
        List<String[]> scripts = scripts();
        assertTrue(scripts.stream().anyMatch(s -> s[0].startsWith("README.md") && s[1].contains("./ragtime merge-ccf")));
        assertTrue(scripts.stream().anyMatch(s -> s[1].contains("--condition image_name --means means.csv")), "continuation lines");
        assertTrue(scripts.stream().anyMatch(s -> s[0].startsWith("docs/benchmarks.md") && s[1].startsWith("./ragtime bench")));
        assertFalse(scripts.stream().anyMatch(s -> s[1].contains("./ragtime counts ...")), "elisions are not commands");
    }

    /** The scratch directory's {@code ./ragtime}: runs a command, or only parses it for {@code bench}. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("bench")) {
            Main.commandLine("bench").parseArgs(args); // a bad flag or value throws, exiting non-zero
            System.err.println("ragtime: bench parsed, not run (docs test)");
            System.exit(0);
        }
        System.exit(Main.run(args));
    }
}
