package org.ragtime.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.ragtime.engine.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code ragtime} command line (contract: shared/contract/cli.md). Exit status 0 on
 * success, 2 for bad usage or bad input (one line on stderr naming the file, the path inside it and what
 * is wrong), 1 for anything else. Set {@code RAGTIME_DEBUG=1} to see stack traces.
 */
@Command(name = "ragtime", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "NWB neurophysiology files to analysis arrays at memory speed, with AllenSDK's semantics.",
        subcommands = {DemoCommand.class, InfoCommand.class, CountsCommand.class, SpikeTimesCommand.class,
            ConditionStatsCommand.class, BinCommand.class, PsthCommand.class, AlignDffCommand.class, GenerateCommand.class, BenchCommand.class,
            UnitsCommand.class, MergeCcfCommand.class, ManifestCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad usage or bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (never calls System.exit; used by tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (exit-status mapping included). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ragtime: " + ex.getMessage() + " (see: ragtime "
                    + String.join(" ", ex.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^ragtime ?", ""))
                    + (ex.getCommandLine().getCommandSpec().qualifiedName().equals("ragtime") ? "" : " ") + "--help)");
            err.flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean debug = System.getenv("RAGTIME_DEBUG") != null;
            PrintWriter err = cmd.getErr();
            if (ex instanceof BadInputException) {
                err.println("ragtime: " + ex.getMessage());
                if (debug) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return BAD_INPUT;
            }
            String msg = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getMessage() : ex.toString();
            err.println("ragtime: " + msg + (debug ? "" : " (RAGTIME_DEBUG=1 shows the stack trace)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /** Version text from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ragtime " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()};
        }
    }
}
