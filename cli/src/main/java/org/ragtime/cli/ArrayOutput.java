package org.ragtime.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out} of every command that writes one labelled array: a .npy with its sidecar, or a Zarr store. */
final class ArrayOutput {
    @Option(names = "--out", required = true, paramLabel = "OUT.npy|OUT.zarr",
            description = "Output array: a .npy (coordinates go to OUT.coords.json) or a Zarr store (a path ending in .zarr).")
    Path out;
}
