package org.ragtime.cli.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A regression fixture: one mutant (by spec) and one command, with the oracles to apply, from
 * {@code cli/src/test/resources/fuzz/regressions.tsv} (columns: id, status, command, spec, refuse, accept, symptom;
 * '#' starts a comment line; '-' is an empty list).
 */
record Fixture(String id, String status, String command, String spec, Set<String> refuse, Set<String> accept, String symptom) {

    static List<Fixture> read(String text) {
        List<Fixture> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 7) {
                throw new IllegalArgumentException("a fixture has 7 tab-separated fields: " + line);
            }
            out.add(new Fixture(f[0], f[1], f[2], f[3], set(f[4]), set(f[5]), f[6]));
        }
        return out;
    }

    static String write(List<Fixture> fixtures) {
        StringBuilder b = new StringBuilder();
        for (Fixture f : fixtures) {
            b.append(String.join("\t", f.id, f.status, f.command, f.spec, list(f.refuse), list(f.accept), f.symptom)).append('\n');
        }
        return b.toString();
    }

    private static Set<String> set(String s) {
        return s.isBlank() || s.equals("-") ? Set.of() : Set.of(s.split(","));
    }

    private static String list(Set<String> s) {
        return s.isEmpty() ? "-" : String.join(",", s);
    }
}
