package org.ragtime.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every defect the reader fuzzer found, as its own test (fixtures in {@code src/test/resources/fuzz/regressions.tsv},
 * docs/reliability.md): the mutant's run must now be a success or a clean error. All fixtures run in one worker JVM
 * campaign (a fresh one after a hang or an Error), then each becomes a test named by its id and status. Fixtures
 * marked {@code known} fail until the reader fixes they describe are merged.
 */
class FuzzRegressionTest {
    @TestFactory
    Stream<DynamicTest> everyDefectFoundStaysFixed() throws Exception {
        List<Fixture> fixtures;
        try (InputStream in = FuzzRegressionTest.class.getResourceAsStream("/fuzz/regressions.tsv")) {
            if (in == null) {
                throw new IOException("no fuzz/regressions.tsv on the test class path");
            }
            fixtures = Fixture.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        FuzzMain.Options o = new FuzzMain.Options();
        o.fixtures = fixtures;
        o.sweep = false;
        o.launcherEvery = 0;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report r = FuzzMain.campaign(o, new PrintStream(log, true, StandardCharsets.UTF_8));
        return IntStream.range(0, fixtures.size()).mapToObj(i -> {
            Fixture f = fixtures.get(i);
            List<Outcome> runs = r.outcomes().stream().filter(x -> x.index() == i).toList();
            return DynamicTest.dynamicTest(f.id() + " (" + f.status() + ", " + f.command() + ")", () -> {
                assertTrue(!runs.isEmpty(), f.id() + " did not run: " + log);
                for (Outcome x : runs) {
                    assertEquals("", x.defect(), f.id() + " [" + f.status() + "] " + f.symptom() + "\n  still: " + x.defect() + " "
                            + x.signature() + "\n  reproduce: tools/fuzz.sh --replay '" + f.spec() + "' --command " + f.command()
                            + (f.refuse().isEmpty() ? "" : " --refuse " + String.join(",", f.refuse()))
                            + (f.accept().isEmpty() ? "" : " --accept " + String.join(",", f.accept())));
                }
            });
        });
    }
}
