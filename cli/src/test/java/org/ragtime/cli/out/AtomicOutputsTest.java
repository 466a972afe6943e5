package org.ragtime.cli.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.BadInputException;

/** Which temporaries a run removes, and the publish order of a unit. */
class AtomicOutputsTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void onlyTemporariesOfEndedProcessesOnThisMachineAreRemoved() throws Exception {
        String tag = AtomicOutputs.tag();
        assertNotEquals("00000000", tag, "this test needs /proc (boot id and PID namespace)");
        long me = ProcessHandle.current().pid();
        long start = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        // a PID above the kernel's maximum (4194304) never runs
        String dead = ".c.npy.ragtime-" + tag + "-99999999-" + Long.toHexString(start) + "-abc.tmp";
        String deadJhdf = ".c.npy.ragtime-" + tag + "-99999998-1-abd.tmp.tmp-99999998";
        String live = ".c.npy.ragtime-" + tag + "-" + me + "-" + Long.toHexString(start) + "-abe.tmp";
        String reused = ".c.npy.ragtime-" + tag + "-" + me + "-" + Long.toHexString(start - 3_600_000) + "-abf.tmp";
        String elsewhere = ".c.npy.ragtime-" + (tag.equals("12345678") ? "87654321" : "12345678") + "-99999999-1-ac0.tmp";
        String oldFormat = ".c.npy.0123456789abcdef.tmp";
        String otherTarget = ".d.npy.ragtime-" + tag + "-99999999-1-ac1.tmp";
        for (String n : List.of(dead, deadJhdf, live, reused, elsewhere, oldFormat, otherTarget)) {
            Files.writeString(dir.resolve(n), "x");
        }
        try (AtomicOutputs outs = AtomicOutputs.builder().output(dir.resolve("c.npy")).prepare()) {
            List<String> left = names();
            assertFalse(left.contains(dead), left.toString());
            assertFalse(left.contains(deadJhdf), left.toString());
            assertFalse(left.contains(reused), "a PID now used by a process started at another time: " + left);
            assertTrue(left.containsAll(List.of(live, elsewhere, oldFormat, otherTarget)), left.toString());
            assertTrue(Files.exists(outs.open(dir.resolve("c.npy"))));
        }
        assertEquals(List.of(elsewhere, live, oldFormat, otherTarget).stream().sorted().toList(), names());
    }

    @Test
    void aUnitIsPublishedInDeclarationOrderAndNothingIfNotCommitted() throws Exception {
        Path npy = dir.resolve("x.npy");
        Path coords = dir.resolve("x.coords.json");
        try (AtomicOutputs outs = AtomicOutputs.builder().output(coords, npy).prepare()) {
            Files.writeString(outs.open(coords), "{}");
            Files.writeString(outs.open(npy), "array");
            assertThrows(IllegalStateException.class, () -> outs.open(dir.resolve("undeclared")));
        }
        assertEquals(List.of(), names(), "not committed: nothing published, temporaries gone");
        // held between the two renames: the sidecar is in place, the array not yet
        Path marker = dir.resolve("../hold-" + ProcessHandle.current().pid()).normalize();
        System.setProperty("ragtime.test.hold", "mid-publish:" + marker);
        try (AtomicOutputs outs = AtomicOutputs.builder().output(coords, npy).prepare()) {
            Files.writeString(outs.open(coords), "{}");
            Files.writeString(outs.open(npy), "array");
            Thread publisher = Thread.ofPlatform().start(outs::commit);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(marker) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(marker), "the publisher did not reach the hold point");
            assertEquals("{}", Files.readString(coords));
            assertFalse(Files.exists(npy));
            Files.delete(marker);
            publisher.join(30_000);
            assertFalse(publisher.isAlive());
        } finally {
            System.clearProperty("ragtime.test.hold");
        }
        assertEquals(List.of("x.coords.json", "x.npy"), names());
        assertEquals("array", Files.readString(npy));
    }

    @Test
    void aDirectoryItCreatedIsRemovedAgainOnFailure() throws Exception {
        Path out = dir.resolve("a/b");
        try (AtomicOutputs outs = AtomicOutputs.builder().directory(out).output(out.resolve("t.csv")).prepare()) {
            assertTrue(Files.isDirectory(out));
        }
        assertEquals(List.of(), names());
        assertThrows(BadInputException.class, () -> AtomicOutputs.builder().output(dir.resolve("missing/t.csv")).prepare());
    }
}
