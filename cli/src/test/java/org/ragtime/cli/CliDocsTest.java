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

    /** What the output checks of {@code out.AtomicOutputs} guarantee (tested by OutputSafetyTest and OutputFaultTest). */
    static final String FILE_PROMISES = """
            ## What Ragtime promises about your files

            - **Inputs are never written.** Each command declares what it reads (NWB files, merge-ccf's CSVs,
              align-dff's `--event-times`, manifest's `ecephys_sessions.csv` and `units.csv`) and what it writes
              (`--out` and its sidecars: `OUT.coords.json`, psth's PNG, align-dff's `--means` and `--png`, manifest's
              three CSVs). An output that is the same file as an input, or as another output of the same command, is
              refused with exit status 2 before any work, whatever the spelling: relative, `..`, symbolic links and
              hard links are resolved (same device and inode).
            - **Output paths are checked before the work** (exit 2, one line): the directory must exist (`--out-dir`
              of demo and manifest is created; manifest removes it again if it created it and then fails), be a
              directory and be writable (a read-only mount included); an existing output must be a regular file:
              a directory, a device such as `/dev/null`, a FIFO or a socket is never replaced. A symbolic link to
              a regular file is written through (the link stays); a link to a missing file is refused.
            - **Outputs appear whole and only on success.** Each output is written to a temporary
              `.NAME.ragtime-<host tag>-<pid>-<start>-<random>.tmp` beside it, flushed to disk and renamed over
              `NAME` only when the command succeeds (then the directory is flushed too); on failure the temporaries
              are deleted and existing outputs keep their content. A `.npy` is allocated in full (`posix_fallocate`,
              or zeros written where the file system cannot) before it is mapped, so a full disk is the line
              `OUT: not enough space on the device: needs N bytes, M free`, never a crash; a CSV, JSON, PNG or NWB
              output that fills the disk says `OUT: not enough space on the device (M bytes free when the write
              failed)`. Both exit 1: the command and its inputs were right, the machine was not.
            - **A killed run** (SIGKILL, out of memory) leaves its temporaries and no new output. The next run
              writing the same output removes them, and says so on stderr, when they are named as above, were
              created on this machine (same boot, same PID namespace), their process has ended (a PID reused by a
              process started at another time counts as ended) and nobody holds the `flock` a writer takes on each
              temporary it creates (a second guard). Temporaries from other machines or containers sharing the directory, and
              those of older versions (`.NAME.<hex>.tmp`), are left alone.
            - **An array and its sidecars are published as a unit.** Every temporary is complete before the first
              rename; the renames run under an exclusive `flock` on the output directory, sidecars first
              (`OUT.coords.json`, PNG, means CSV) and the array last. So two runs writing the same outputs at once
              publish one after the other and the end state is one run's complete set, never a mix; a reader that
              sees a new `OUT.npy` finds coordinates at least as new beside it. Not covered: a reader that opens
              `OUT.npy` and then `OUT.coords.json` while a run publishes can pair the previous array with the new
              coordinates (compare the coordinate lengths with the array's shape, or do not read while writing);
              a run killed between the renames (a window of microseconds) leaves the new sidecars with the previous
              array; where `flock` is not available (not Linux, some network file systems) renames are atomic one
              by one but concurrent writers may interleave.
            - **A Zarr store (`--out NAME.zarr`) is published the same way, as a directory.** It is built in a
              temporary directory named as above, flushed file by file, and renamed into place on success; a killed
              run's temporary directory is removed by the next run under the same rules. An existing `NAME.zarr` is
              replaced only when it is a Zarr store (it holds `.zgroup`, `.zarray` or `.zmetadata`): the new store
              and the old one are swapped in one step (`renameat2` with `RENAME_EXCHANGE`) and the old one is then
              deleted, so a reader sees the old store or the new one, never a mix; where that call is missing the old
              store is renamed aside first (for a moment the name is absent). Any other existing path (a file, a
              directory that is not a Zarr store, a symbolic link) is refused with exit status 2 before any work.
            - **Inputs are only read** (opened read-only and mapped): any number of runs may read one file at once.
            """;

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# The `ragtime` command line\n\n")
                .append("Generated from the commands' own help by `CliDocsTest` (do not edit by hand). The contract these\n")
                .append("commands implement is `shared/contract/cli.md`; `docs/semantics.md` explains the AllenSDK rules.\n\n")
                .append("Exit status: 0 on success; 2 for bad usage or bad input, with one line on stderr naming the file,\n")
                .append("the HDF5 path and the problem; 1 for anything else (`RAGTIME_DEBUG=1` prints the stack trace).\n")
                .append("Outputs are written to a temporary file beside the target and renamed into place only on success\n")
                .append("(see \"What Ragtime promises about your files\" at the end).\n\n");
        CommandLine root = Main.commandLine();
        md.append("```text\n").append(root.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            md.append("\n## ").append(e.getKey()).append("\n\n```text\n")
                    .append(e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
        }
        return md.append("\n").append(FILE_PROMISES).toString();
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
