package org.ragtime.engine;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every backend the build produces, with 1 and 2 threads: all must be bit-identical to the oracle. The
 * native backend runs at the JVM's x86-64 level ({@code native}) and at every level this CPU runs
 * ({@code native-v2}, {@code native-v3}, {@code native-v4}: one library holds each kernel per level).
 */
public final class Backends {
    /** Every backend name, the native one also at each x86-64 level this CPU runs. */
    public static final List<String> NAMES = names();

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of("scalar", "vector", "native"));
        for (Isa i : Isa.supported()) {
            n.add("native-" + i.id());
        }
        return List.copyOf(n);
    }

    private Backends() {
    }

    /** (backend name, threads) pairs; a backend that cannot run fails the test rather than being skipped. */
    static List<Arguments> withThreads() {
        List<Arguments> a = new ArrayList<>();
        for (String n : NAMES) {
            for (int threads : new int[] {1, 2}) {
                a.add(Arguments.of(n, threads));
            }
        }
        return a;
    }
}
