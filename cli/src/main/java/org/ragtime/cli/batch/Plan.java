package org.ragtime.cli.batch;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ragtime.cli.Main;
import org.ragtime.engine.BadInputException;

/**
 * What a batch does: the sessions (every {@code *.nwb} under a directory, or the paths of a list file), the output
 * directory, and one subcommand with its flags, run on each session as {@code SUBCOMMAND FILE FLAGS... --out
 * OUTDIR/<session>/<output>}. Serializable: the Spark engine ships it to its tasks.
 *
 * @param outDir     OUTDIR, absolute
 * @param subcommand the analysis subcommand
 * @param flags      its flags, without FILE and --out
 * @param output     the file name of each session's output, e.g. {@code counts.npy}
 * @param sessions   the sessions, in listing order (sorted paths for a directory, file order for a list)
 */
public record Plan(String outDir, String subcommand, List<String> flags, String output, List<Item> sessions) implements Serializable {
    /** Subcommands that write one array (psth and bin also go into the combined array). */
    static final Set<String> ARRAYS = Set.of("counts", "psth", "bin", "align-dff", "align");
    /** Subcommands that write one table (units, condition-stats, table and behavior also go into combined.csv). */
    static final Set<String> TABLES = Set.of("units", "condition-stats", "spike-times", "table", "behavior", "decode", "tidy");
    /** Tables concatenated into combined.csv. */
    static final Set<String> COMBINED_TABLES = Set.of("units", "condition-stats", "table", "behavior");
    /** Arrays with a leading unit_id dimension, concatenated when every session has the same bins. */
    static final Set<String> COMBINED_ARRAYS = Set.of("psth", "bin");
    /** Flags naming a second output path, which would be one file for every session. */
    private static final Set<String> OUTPUT_FLAGS = Set.of("--out", "--png", "--means", "--rolling", "--predictions", "--design-matrix");

    /**
     * One session.
     *
     * @param name the NWB file name without {@code .nwb}
     * @param path the file as listed
     */
    public record Item(String name, String path) implements Serializable {
    }

    public Plan {
        flags = List.copyOf(flags);
        sessions = List.copyOf(sessions);
    }

    /** OUTDIR as a path. */
    public Path outPath() {
        return Path.of(outDir);
    }

    /** The arguments of one session's command, writing into {@code dir}. */
    List<String> arguments(Item item, Path dir) {
        List<String> a = new ArrayList<>();
        a.add(subcommand);
        a.add(item.path());
        a.addAll(flags);
        a.add("--out");
        a.add(dir.resolve(output).toString());
        return a;
    }

    /**
     * Checks the subcommand, its flags (parsed as the subcommand would parse them) and the format, lists the sessions
     * and refuses two sessions of one name; every problem is bad usage.
     */
    public static Plan of(Path source, Path outDir, String format, List<String> command) {
        if (command.isEmpty()) {
            throw new BadInputException("batch: name the subcommand to run after --, e.g. ragtime batch DIR --out OUT -- counts"
                    + " --stimulus drifting_gratings --bins 0:0.5:0.01");
        }
        String sub = command.getFirst();
        List<String> flags = command.subList(1, command.size());
        if (!ARRAYS.contains(sub) && !TABLES.contains(sub)) {
            throw new BadInputException("batch: cannot run '" + sub + "' per session; use one of the analysis subcommands "
                    + String.join(", ", Stream.concat(ARRAYS.stream(), TABLES.stream()).filter(Main::hasCommand).sorted().toList()));
        }
        if (!Main.hasCommand(sub)) {
            throw new BadInputException("batch: this build has no subcommand '" + sub + "'");
        }
        for (String f : flags) {
            String name = f.contains("=") ? f.substring(0, f.indexOf('=')) : f;
            if (OUTPUT_FLAGS.contains(name)) {
                throw new BadInputException("batch: " + name + " is set by batch for each session (OUTDIR/<session>/...); leave it out of the"
                        + " subcommand's flags");
            }
        }
        String ext = extension(sub, format);
        List<String> probe = new ArrayList<>(List.of(sub, "session.nwb"));
        probe.addAll(flags);
        probe.addAll(List.of("--out", "probe." + ext));
        try {
            Main.parseOnly(probe.toArray(String[]::new)); // a usage error once, not once per session
        } catch (BadInputException e) {
            throw new BadInputException("batch: " + sub + ": " + e.getMessage());
        }
        Path out = outDir.toAbsolutePath().normalize();
        List<Item> items = list(source, out);
        Map<String, String> seen = new HashMap<>();
        for (Item i : items) {
            String before = seen.put(i.name(), i.path());
            if (before != null) {
                throw new BadInputException("batch: two sessions named " + i.name() + " (" + before + " and " + i.path()
                        + "); outputs go to OUTDIR/<file name without .nwb>, so names must differ");
            }
        }
        return new Plan(out.toString(), sub, flags, sub + "." + ext, items);
    }

    /** Tables that may also be written as a Zarr store. */
    static final Set<String> ZARR_TABLES = Set.of("spike-times");

    /**
     * The output extension of {@code sub} in {@code format} (null: the contract's default, a Zarr store for an array, CSV
     * for a table).
     */
    static String extension(String sub, String format) {
        boolean array = ARRAYS.contains(sub);
        if (format == null) {
            return array ? "zarr" : "csv";
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "npy" -> {
                if (!array) {
                    throw new BadInputException("batch: --format npy: " + sub + " writes a table; use --format csv");
                }
                yield "npy";
            }
            case "csv" -> {
                if (array) {
                    throw new BadInputException("batch: --format csv: " + sub + " writes an array; use --format zarr or npy");
                }
                yield "csv";
            }
            case "zarr" -> {
                if (!array && !ZARR_TABLES.contains(sub)) {
                    throw new BadInputException("batch: --format zarr: " + sub + " writes CSV only");
                }
                yield "zarr";
            }
            default -> throw new BadInputException("batch: --format " + format + ": use zarr, npy or csv");
        };
    }

    /** Every *.nwb under a directory (sorted, OUTDIR left out), or the paths of a list file (relative to the list's directory). */
    static List<Item> list(Path source, Path outDir) {
        List<Item> items = new ArrayList<>();
        try {
            if (Files.isDirectory(source)) {
                try (Stream<Path> s = Files.walk(source)) {
                    s.filter(p -> !p.toAbsolutePath().normalize().startsWith(outDir))
                            .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".nwb") && Files.isRegularFile(p))
                            .sorted().forEach(p -> items.add(item(p)));
                }
                if (items.isEmpty()) {
                    throw new BadInputException(source + ": no *.nwb file in this directory or below");
                }
            } else if (Files.isRegularFile(source)) {
                Path base = source.toAbsolutePath().getParent();
                for (String line : Files.readAllLines(source)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        items.add(item(base.resolve(l)));
                    }
                }
                if (items.isEmpty()) {
                    throw new BadInputException(source + ": the list names no session (one NWB path per line)");
                }
            } else {
                throw new BadInputException(source + ": no such directory or list file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot list the sessions: " + e.getMessage(), e);
        }
        return items;
    }

    private static Item item(Path p) {
        String file = p.getFileName().toString();
        String name = file.toLowerCase(Locale.ROOT).endsWith(".nwb") ? file.substring(0, file.length() - 4) : file;
        return new Item(name, p.toAbsolutePath().normalize().toString());
    }
}
