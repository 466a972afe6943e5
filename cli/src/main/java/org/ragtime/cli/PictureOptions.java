package org.ragtime.cli;

import java.nio.file.Path;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import picocli.CommandLine.Option;

/** {@code --png} and {@code --no-png}, the same for every command that draws: a picture beside OUT unless told otherwise. */
final class PictureOptions {
    @Option(names = "--png", paramLabel = "OUT.png", description = "Picture path (default: OUT with .png).")
    Path png;

    @Option(names = "--no-png", description = "Draw no picture.")
    boolean noPng;

    /** Where the picture of output {@code out} goes, or null for none. */
    Path path(Path out) {
        if (noPng && png != null) {
            throw new BadInputException("--png and --no-png exclude each other");
        }
        return noPng ? null : png != null ? png : Results.pngPath(out);
    }
}
