package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is the help of every command, rendered from the code, so the documentation cannot drift
 * from the command line. After changing a command, regenerate it with
 * {@code ./test -pl cli -am -Dtest=CliDocsTest -Dragtime.updateDocs=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CliDocsTest {
    static final Path DOC = Cli.DATA.resolveSibling("docs").resolve("cli.md");

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# The `ragtime` command line\n\n")
                .append("Generated from the commands' own help by `CliDocsTest` (do not edit by hand). The contract these\n")
                .append("commands implement is `shared/contract/cli.md`; `docs/semantics.md` explains the AllenSDK rules.\n\n")
                .append("Exit status: 0 on success; 2 for bad usage or bad input, with one line on stderr naming the file,\n")
                .append("the HDF5 path and the problem; 1 for anything else (`RAGTIME_DEBUG=1` prints the stack trace).\n")
                .append("Outputs are written to a temporary file beside the target and renamed into place only on success.\n\n");
        CommandLine root = Main.commandLine();
        md.append("```text\n").append(root.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            md.append("\n## ").append(e.getKey()).append("\n\n```text\n")
                    .append(e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
        }
        return md.toString();
    }

    @Test
    void docsMatchTheCommands() throws Exception {
        String now = render();
        if (Boolean.getBoolean("ragtime.updateDocs")) {
            Files.writeString(DOC, now);
        }
        assertEquals(now, Files.exists(DOC) ? Files.readString(DOC) : "",
                "docs/cli.md is out of date; regenerate it (see CliDocsTest's javadoc)");
    }
}
