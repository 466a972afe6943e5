package org.ragtime.engine;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Every backend the build produces, with 1 and 2 threads: all must be bit-identical to the oracle. */
final class Backends {
    static final List<String> NAMES = List.of("scalar", "vector", "native");

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
