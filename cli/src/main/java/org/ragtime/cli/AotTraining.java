package org.ragtime.cli;

import java.nio.file.Path;

/**
 * The launcher's training run for the JDK 25 AOT cache ({@code -XX:AOTCacheOutput}): one JVM runs what users
 * start with ({@code --help}, {@code --version}, {@code help COMMAND}, {@code info}) and then the demo (every
 * main analysis), so the cache holds the classes, linked call sites and profiles of all of them. A JVM
 * records one training run only, hence this one entry point rather than several runs of {@link Main}.
 * Usage: {@code java -XX:AOTCacheOutput=FILE -cp ragtime.jar org.ragtime.cli.AotTraining OUT_DIR}.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        String sample = Path.of(System.getProperty("ragtime.home", "."), "data", "nwb", "generated",
                "allensdk_style_ecephys_session.nwb").toString();
        Main.run("--help");
        Main.run("--version");
        Main.run("help", "counts");
        Main.run("info", sample);
        Main.run("info", sample, "--json");
        System.exit(Main.run("demo", "--out-dir", args[0]));
    }
}
