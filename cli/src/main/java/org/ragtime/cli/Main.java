package org.ragtime.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.EngineLog;
import org.ragtime.cli.out.Notices;
import org.ragtime.engine.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code ragtime} command line (contract: shared/contract/cli.md). Exit status 0 on
 * success, 2 for bad usage or bad input (one line on stderr naming the file, the path inside it and what
 * is wrong), 1 for anything else. Set {@code RAGTIME_DEBUG=1} to see stack traces.
 */
@Command(name = "ragtime", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "NWB neurophysiology files to analysis arrays at memory speed, with AllenSDK's semantics.")
public final class Main implements Callable<Integer> {
    /** The subcommands, in help order. */
    // one a line, so that adding a command never conflicts with adding another
    private static final List<Class<?>> COMMANDS = List.of(
            DemoCommand.class,
            InfoCommand.class,
            CountsCommand.class,
            SpikeTimesCommand.class,
            ConditionStatsCommand.class,
            BinCommand.class,
            PsthCommand.class,
            AlignDffCommand.class,
            AlignCommand.class,
            TableCommand.class,
            DecodeCommand.class,
            TidyCommand.class,
            BehaviorCommand.class,
            GenerateCommand.class,
            org.ragtime.cli.batch.BatchCommand.class,
            BenchCommand.class,
            UnitsCommand.class,
            MergeCcfCommand.class,
            ManifestCommand.class,
            CommandLine.HelpCommand.class);

    /** Exit status for bad usage or bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code ragtime} alone: the usage, on stderr, as bad usage (a pipeline that forgot its command must fail). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** Commands that can take a while on one file: on a terminal they show a bar while they work (Progress.busy). */
    private static final java.util.Set<String> LONG = java.util.Set.of("generate", "counts", "psth", "bin", "spike-times",
            "condition-stats", "align", "align-dff", "decode", "tidy", "table", "behavior", "units");

    public static void main(String[] args) {
        int status;
        try (AutoCloseable busy = args.length > 0 && LONG.contains(args[0]) && !java.util.Arrays.asList(args).contains("--help")
                ? org.ragtime.cli.out.Progress.busy(args[0]) : () -> { }) {
            status = run(args);
        } catch (Exception e) { // closing the bar cannot fail; the command's own failures are its status
            status = 1;
        }
        System.exit(status);
    }

    /** Runs the command line and returns its exit status (never calls System.exit; used by tests). */
    public static int run(String... args) {
        EngineLog.install(); // the engine's fallback notices: one "ragtime: ..." line each on stderr
        org.ragtime.cli.out.Results.invocation(args); // recorded in the Zarr stores this run writes
        // the version alone needs no subcommand: building their models would be most of its time
        boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        return execute(version ? commandLine(List.of()) : commandLine(args.length > 0 ? args[0] : null), args);
    }

    /**
     * Runs one command in-process with its own picocli output and error writers (where its usage errors and its one
     * error line go): how {@code ragtime batch} runs a session, on any thread.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        EngineLog.install();
        CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
        cl.setOut(out);
        cl.setErr(err);
        return execute(cl, args);
    }

    /** Checks {@code args} as a command line (parsing only, nothing runs): the first usage problem as bad input. */
    public static void parseOnly(String... args) {
        try {
            commandLine(args.length > 0 ? args[0] : null).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Whether {@code name} is a subcommand of this build. */
    public static boolean hasCommand(String name) {
        return COMMANDS.stream().anyMatch(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(name));
    }

    /** Runs {@code cl} with {@link #run}'s mapping of every failure to one line and an exit status. */
    static int execute(CommandLine cl, String... args) {
        Notices.discard();
        try {
            int status = cl.execute(args);
            if (status == 0) {
                Notices.flush(System.err); // what a command without outputs held back
            }
            Notices.discard(); // a failed command says one line: its error
            return status;
        } catch (Error e) {
            Notices.discard();
            // picocli hands only Exceptions to the handler below; an Error (out of memory, stack overflow) that a
            // reader check did not turn into bad input is an internal error: one line, exit 1, never a trace
            PrintWriter err = cl.getErr();
            err.println("ragtime: internal error: " + e + (DEBUG ? "" : " (RAGTIME_DEBUG=1 shows the stack trace)"));
            if (DEBUG) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    private static final boolean DEBUG = System.getenv("RAGTIME_DEBUG") != null;

    /** The configured command line with every subcommand (exit-status mapping included). */
    static CommandLine commandLine() {
        return commandLine((String) null);
    }

    /**
     * The command line with only the subcommand named {@code first} when there is one of that name, else
     * with all: picocli builds a model of every command it is given, which costs about 0.1 s at start-up
     * for all of them; parsing and errors for the named command are the same either way.
     */
    static CommandLine commandLine(String first) {
        Class<?> only = null;
        for (Class<?> c : COMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
                only = c;
            }
        }
        return commandLine(only != null ? List.of(only) : COMMANDS);
    }

    /** The command line with these subcommands. */
    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String suggest = "";
            String msg = ex.getMessage();
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                List<String> unmatched = u.getUnmatched();
                if (ex.getCommandLine().getParent() == null && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
                    msg = "unknown command '" + unmatched.get(0) + "'";
                }
                List<String> s = u.getSuggestions();
                if (!s.isEmpty()) {
                    suggest = ". Did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?";
                }
            }
            err.println("ragtime: " + msg + suggest + " (see: ragtime "
                    + String.join(" ", ex.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^ragtime ?", ""))
                    + (ex.getCommandLine().getCommandSpec().qualifiedName().equals("ragtime") ? "" : " ") + "--help)");
            err.flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean debug = DEBUG;
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
