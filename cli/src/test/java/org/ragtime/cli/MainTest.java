package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top level: usage, suggestions for typing mistakes, and every failure as one line with its exit status. */
class MainTest {
    @Test
    void noCommandPrintsUsageOnStderrAndIsBadUsage() {
        Cli r = Cli.run();
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.err().startsWith("Usage: ragtime"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void mistypedCommandsAndFlagsGetSuggestions() {
        Cli r = Cli.run("cuonts", "x.nwb");
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.err().startsWith("ragtime: unknown command 'cuonts'. Did you mean counts"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        r = Cli.run("counts", Cli.ECEPHYS, "--stimuls", "flashes", "--bins", "0:0.2:0.05", "--out", "x.npy");
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.err().contains("Did you mean --stimulus"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError();
        }
    }

    @Test
    void anErrorIsOneLineAndExitOneNeverAStackTrace() {
        CommandLine cl = new CommandLine(new Boom());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, Main.execute(cl));
        assertEquals("ragtime: internal error: java.lang.StackOverflowError (RAGTIME_DEBUG=1 shows the stack trace)",
                err.toString().strip());
        assertFalse(err.toString().contains("\tat "));
    }
}
