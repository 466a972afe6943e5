package org.ragtime.cli.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The figures of a campaign: runs per mutation class and command, and the defects, deduplicated, each with a reproduction. */
record Report(FuzzMain.Options options, Corpus corpus, List<Outcome> outcomes, double seconds, int workers, Map<String, Long> zlibMutants) {

    long defects() {
        return outcomes.stream().filter(Outcome::isDefect).count();
    }

    /**
     * Distinct defects, in order of first appearance: by kind and signature, where the signature of an exception
     * is its type and top frames (the message after " | " may differ between files and is left out).
     */
    Map<String, List<Outcome>> distinct() {
        Map<String, List<Outcome>> d = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.isDefect()) {
                String sig = o.signature();
                int bar = sig.indexOf(" | ");
                d.computeIfAbsent(o.defect() + " | " + (bar >= 0 ? sig.substring(0, bar) : sig), k -> new ArrayList<>()).add(o);
            }
        }
        return d;
    }

    /** One line that reproduces the run: by seed and index, and by spec when it is short enough to read. */
    String reproduce(Outcome o) {
        String cmd = o.command().replaceAll("@.*", "");
        String oracle = o.defect().equals("accepted-bad-data") ? " --refuse " + cmd
                : o.defect().equals("refused-valid") && o.spec().contains(":") ? " --accept " + cmd : "";
        String replay = "tools/fuzz.sh --replay '" + o.spec() + "' --command " + cmd + oracle
                + (!o.kind().equals("replay") && options.jdkZlib(o.index()) && !o.command().contains("@") ? " --zlib jdk" : "");
        if (o.kind().equals("replay")) {
            return replay;
        }
        String only = "tools/fuzz.sh --seed " + options.seed + " --only " + o.index() + " --command " + cmd;
        return o.spec().length() <= 200 ? only + "   (or " + replay + ")" : only + "   (spec of " + o.spec().length() + " chars: --outcomes)";
    }

    String text() {
        StringBuilder b = new StringBuilder();
        TreeSet<Long> mutants = new TreeSet<>();
        Map<String, TreeSet<Long>> perClass = new TreeMap<>();
        TreeSet<String> commands = new TreeSet<>();
        Map<String, int[]> cells = new TreeMap<>();
        for (Outcome o : outcomes) {
            mutants.add(o.index());
            perClass.computeIfAbsent(o.kind(), k -> new TreeSet<>()).add(o.index());
            commands.add(o.command());
            int[] c = cells.computeIfAbsent(o.kind() + "\t" + o.command(), k -> new int[3]);
            c[o.result().equals("ok") ? 0 : o.result().equals("clean") ? 1 : 2]++;
            int[] t = cells.computeIfAbsent("TOTAL\t" + o.command(), k -> new int[3]);
            t[o.result().equals("ok") ? 0 : o.result().equals("clean") ? 1 : 2]++;
        }
        b.append(String.format(Locale.ROOT, "Ragtime reader fuzzer: seed %d, mutants %d..%d (%d mutants, %d runs), %.0f s, %d worker JVM(s)%n",
                options.seed, mutants.isEmpty() ? options.from : mutants.first(), options.from + (options.replay != null ? 0 : options.runs - 1), mutants.size(), outcomes.size(),
                seconds, workers));
        b.append("reproduce: tools/fuzz.sh --seed ").append(options.seed).append(" --from ").append(options.from).append(" --runs ")
                .append(options.runs).append(options.sweep ? "" : " --no-sweep").append(options.onlyClass != null ? " --class " + options.onlyClass : "").append(options.command != null ? " --command " + options.command : "").append('\n');
        if (corpus.problem != null) {
            b.append("note: no h5py mutants (").append(corpus.problem).append(")\n");
        }
        b.append("gzip chunks decoded with (mutants): ").append(zlibMutants).append(" (--zlib ").append(options.zlib)
                .append(options.zlib.equals("alternate") ? ", blocks of " + options.zlibBlock : "").append(")\n");
        b.append("\nmutants per class:");
        perClass.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v.size()));
        b.append("\n\nruns per class and command, ok / clean error / DEFECT:\n");
        b.append(String.format(Locale.ROOT, "%-10s", "class"));
        for (String c : commands) {
            b.append(String.format(Locale.ROOT, " %20s", c));
        }
        b.append('\n');
        List<String> classes = new ArrayList<>(perClass.keySet());
        classes.add("TOTAL");
        for (String k : classes) {
            b.append(String.format(Locale.ROOT, "%-10s", k));
            for (String c : commands) {
                int[] x = cells.getOrDefault(k + "\t" + c, new int[3]);
                b.append(String.format(Locale.ROOT, " %20s", x[0] + x[1] + x[2] == 0 ? "-" : x[0] + " / " + x[1] + " / " + x[2]));
            }
            b.append('\n');
        }
        Map<String, Integer> perKind = new TreeMap<>();
        outcomes.stream().filter(Outcome::isDefect).forEach(o -> perKind.merge(o.defect(), 1, Integer::sum));
        Map<String, List<Outcome>> d = distinct();
        b.append(String.format(Locale.ROOT, "%nDEFECTS: %d runs, %d distinct%s%n", defects(), d.size(), perKind.isEmpty() ? "" : "; per kind: " + perKind));
        int n = 0;
        for (Map.Entry<String, List<Outcome>> e : d.entrySet()) {
            List<Outcome> list = e.getValue();
            Outcome first = list.get(0);
            Map<String, Integer> byCommand = new TreeMap<>();
            Map<String, Integer> byClass = new TreeMap<>();
            for (Outcome o : list) {
                byCommand.merge(o.command(), 1, Integer::sum);
                byClass.merge(o.kind(), 1, Integer::sum);
            }
            b.append(String.format(Locale.ROOT, "%n%d. [%s] %s%n", ++n, first.defect(), first.signature()));
            b.append("   runs: ").append(list.size()).append(", commands ").append(byCommand).append(", classes ").append(byClass).append('\n');
            b.append("   first: mutant ").append(first.index()).append(" (").append(first.kind()).append("): ").append(first.what()).append('\n');
            b.append("   reproduce: ").append(reproduce(first)).append('\n');
        }
        return b.toString();
    }
}
