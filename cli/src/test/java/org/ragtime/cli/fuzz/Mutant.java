package org.ragtime.cli.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One mutated file, described completely by a one-line {@code spec}: {@code BASE[:OP,OP,...]} where BASE is a
 * bundled sample ({@code ecephys}, {@code ophys}, {@code tiny}) or an h5py corpus mutant ({@code corpus/NAME}),
 * and each OP is applied in order: {@code P<offset>=<hex>} writes bytes, {@code Z<offset>+<length>} zeroes a
 * block, {@code T<length>} truncates, {@code F<offset>+<count>=<first>~<step>} writes {@code count} little-endian
 * float64 values {@code first + i * step}. So a mutant is reproducible from its spec alone, without the seed or the
 * generator ({@code tools/fuzz.sh --replay SPEC}), and a regression fixture is one line.
 *
 * @param index   the mutant's number in its campaign (-1 for a replayed spec)
 * @param kind    the mutation class (flip, truncate, zero, extreme, semantic, utf8, h5py)
 * @param spec    the reproducible description above
 * @param what    what was done, for people
 * @param refuse  the commands that must not succeed on this mutant (they would compute from data they
 *                should refuse, e.g. NaN spike times)
 * @param accept  the commands that must succeed on it (it is still a valid file for them)
 */
record Mutant(long index, String kind, String spec, String what, Set<String> refuse, Set<String> accept) {

    Mutant(long index, String kind, String spec, String what, Set<String> refuse) {
        this(index, kind, spec, what, refuse, Set.of());
    }

    /** The sample or corpus file this mutant starts from. */
    String base() {
        int c = spec.indexOf(':');
        return c < 0 ? spec : spec.substring(0, c);
    }

    /** The family of the base: ecephys, ophys or tiny (a corpus mutant's base sample). */
    String family(Corpus corpus) {
        String b = base();
        return b.startsWith("corpus/") ? corpus.baseOf(b.substring("corpus/".length())) : b;
    }

    /** Applies the operations of {@code spec} to a copy of {@code base}. */
    static byte[] apply(String spec, byte[] base) {
        byte[] b = base.clone();
        int c = spec.indexOf(':');
        if (c < 0) {
            return b;
        }
        for (String op : spec.substring(c + 1).split(",")) {
            if (op.isEmpty()) {
                continue;
            }
            switch (op.charAt(0)) {
                case 'P' -> {
                    int eq = op.indexOf('=');
                    int at = Integer.parseInt(op.substring(1, eq));
                    byte[] v = HexFormat.of().parseHex(op.substring(eq + 1));
                    if (at + v.length > b.length) {
                        b = Arrays.copyOf(b, at + v.length);
                    }
                    System.arraycopy(v, 0, b, at, v.length);
                }
                case 'Z' -> {
                    int plus = op.indexOf('+');
                    int at = Integer.parseInt(op.substring(1, plus));
                    int len = Integer.parseInt(op.substring(plus + 1));
                    Arrays.fill(b, Math.min(at, b.length), Math.min(b.length, at + len), (byte) 0);
                }
                case 'T' -> b = Arrays.copyOf(b, Integer.parseInt(op.substring(1)));
                case 'F' -> {
                    int plus = op.indexOf('+');
                    int eq = op.indexOf('=');
                    int tilde = op.indexOf('~');
                    int at = Integer.parseInt(op.substring(1, plus));
                    int n = Integer.parseInt(op.substring(plus + 1, eq));
                    double first = Double.parseDouble(op.substring(eq + 1, tilde));
                    double step = Double.parseDouble(op.substring(tilde + 1));
                    java.nio.ByteBuffer w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        w.putDouble(at + 8 * i, first + i * step);
                    }
                }
                default -> throw new IllegalArgumentException("unknown mutation op '" + op + "' in " + spec);
            }
        }
        return b;
    }

    /** Builds a spec from a base and operations. */
    static final class Spec {
        private final String base;
        private final List<String> ops = new ArrayList<>();

        Spec(String base) {
            this.base = base;
        }

        Spec patch(long at, byte[] v) {
            ops.add("P" + at + "=" + HexFormat.of().formatHex(v));
            return this;
        }

        Spec zero(long at, long len) {
            ops.add("Z" + at + "+" + len);
            return this;
        }

        Spec fill(long at, long count, double first, double step) {
            ops.add("F" + at + "+" + count + "=" + first + "~" + step);
            return this;
        }

        Spec truncate(long len) {
            ops.add("T" + len);
            return this;
        }

        @Override
        public String toString() {
            return ops.isEmpty() ? base : base + ":" + String.join(",", ops);
        }
    }
}
