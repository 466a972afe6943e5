package org.ragtime.cli.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fuzzer's inputs: the three bundled samples (bytes and {@link Hdf5Layout}) and the h5py corpus of
 * structural mutants made by {@code tools/fuzz_corpus.py}, generated once into
 * {@code cli/target/fuzz-corpus/<hash of the script>/} and reused while the script is unchanged.
 */
final class Corpus {
    static final Map<String, String> SAMPLES = Map.of(
            "ecephys", "nwb/generated/allensdk_style_ecephys_session.nwb",
            "ophys", "nwb/generated/allensdk_style_behavior_ophys_experiment.nwb",
            "tiny", "nwb/generated/pynwb231_tiny_units.nwb");

    final Path root;
    final Path data;
    final Path dir;
    /** Corpus mutant name to its base family; empty when python3 with h5py is missing. */
    final Map<String, String> entries = new LinkedHashMap<>();
    final Map<String, String> descriptions = new LinkedHashMap<>();
    /** Per corpus mutant, the commands that must succeed on it. */
    final Map<String, java.util.Set<String>> accept = new LinkedHashMap<>();
    final String problem;
    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<String, Hdf5Layout> layouts = new ConcurrentHashMap<>();

    Corpus(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.data = this.root.resolve("data");
        Path script = this.root.resolve("tools/fuzz_corpus.py");
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script))).substring(0, 12);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
        this.dir = this.root.resolve("cli/target/fuzz-corpus/" + hash);
        this.problem = load(script);
    }

    /** The repository root: -Dragtime.home, else the parent of -Dragtime.data.dir, else the current directory's. */
    static Path defaultRoot() {
        String home = System.getProperty("ragtime.home");
        if (home != null) {
            return Path.of(home);
        }
        String data = System.getProperty("ragtime.data.dir");
        if (data != null) {
            return Path.of(data).toAbsolutePath().normalize().getParent();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("data/nwb")) ? here : here.getParent();
    }

    private String load(Path script) {
        Path list = dir.resolve("corpus.txt");
        try {
            if (!Files.isRegularFile(list)) {
                Path tmp = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".tmp" + ProcessHandle.current().pid()));
                String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
                Process p = new ProcessBuilder(py, script.toString(), data.toString(), tmp.toString())
                        .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return "tools/fuzz_corpus.py failed (python3 with h5py needed): "
                            + Files.readString(tmp.resolve("log.txt")).strip().lines().reduce((a, b) -> b).orElse("");
                }
                try {
                    Files.move(tmp, dir);
                } catch (IOException e) {
                    if (!Files.isRegularFile(list)) { // another process made it meanwhile: use theirs
                        throw e;
                    }
                }
            }
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                entries.put(f[0], f[1]);
                descriptions.put(f[0], f[2]);
                accept.put(f[0], f.length > 3 && !f[3].isBlank() ? java.util.Set.of(f[3].split(",")) : java.util.Set.of());
            }
            return null;
        } catch (IOException e) {
            return "cannot make the h5py corpus: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    String baseOf(String name) {
        String b = entries.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no corpus mutant '" + name + "' in " + dir + (problem == null ? "" : " (" + problem + ")"));
        }
        return b;
    }

    /** The bytes of a base: a sample name or corpus/NAME. */
    byte[] bytes(String base) {
        return bytes.computeIfAbsent(base, b -> {
            try {
                return Files.readAllBytes(path(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    Path path(String base) {
        if (base.startsWith("corpus/")) {
            baseOf(base.substring(7));
            return dir.resolve(base.substring(7) + ".nwb");
        }
        String s = SAMPLES.get(base);
        if (s == null) {
            throw new IllegalArgumentException("unknown base '" + base + "' (ecephys, ophys, tiny or corpus/NAME)");
        }
        return data.resolve(s);
    }

    /** The layout of a sample or of a corpus mutant (corpus/NAME). */
    Hdf5Layout layout(String sample) {
        return layouts.computeIfAbsent(sample, s -> new Hdf5Layout(path(s), bytes(s)));
    }
}
