package org.ragtime.cli.fuzz;

/**
 * What one command did with one mutant.
 *
 * @param index     the mutant's number
 * @param kind      its mutation class
 * @param command   the subcommand, with {@code @launcher} appended when run through {@code ./ragtime}
 * @param result    {@code ok} (success), {@code clean} (exit 2 with one line naming the file and a path inside
 *                  it) or {@code DEFECT}
 * @param defect    for a defect, its kind: stack-trace, exit-1, exit-N, error (an Error escaped), hang,
 *                  jvm-crash, hs-err, error-as-bad-input (exit 2 whose message is a caught
 *                  StackOverflowError or OutOfMemoryError), leftover-output, multi-line, unnamed (exit 2 without file or path),
 *                  accepted-bad-data (exit 0 on data it must refuse), refused-valid (a failure on a file
 *                  still valid for the command); empty otherwise
 * @param signature for a defect, what identifies it (exception type and top frame, or the normalised
 *                  message); for a clean error, the normalised message
 * @param millis    how long the command took
 * @param spec      the mutant's spec ({@link Mutant})
 * @param what      the mutant's description
 */
record Outcome(long index, String kind, String command, String result, String defect, String signature, long millis,
        String spec, String what) {

    boolean isDefect() {
        return result.equals("DEFECT");
    }

    String line() {
        return String.join("\t", Long.toString(index), kind, command, result, defect, clean(signature), Long.toString(millis),
                spec, clean(what));
    }

    static Outcome parse(String line) {
        String[] f = line.split("\t", -1);
        return new Outcome(Long.parseLong(f[0]), f[1], f[2], f[3], f[4], f[5], Long.parseLong(f[6]), f[7], f[8]);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
