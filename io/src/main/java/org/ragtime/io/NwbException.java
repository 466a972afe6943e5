package org.ragtime.io;

import java.nio.file.Path;
import org.ragtime.engine.BadInputException;

/**
 * An NWB file Ragtime refuses or cannot read. The message is one line, {@code FILE: HDF5PATH: problem},
 * e.g. {@code s.nwb: /units/spike_times_index: decreases at row 12 (40 after 41)}.
 */
public final class NwbException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param file the file; @param hdf5Path the object concerned ("/" for the file as a whole); @param problem what is wrong */
    public NwbException(Path file, String hdf5Path, String problem) {
        super(file + ": " + hdf5Path + ": " + problem);
    }

    /** As {@link #NwbException(Path, String, String)}, keeping the underlying failure as the cause. */
    public NwbException(Path file, String hdf5Path, String problem, Throwable cause) {
        super(file + ": " + hdf5Path + ": " + problem, cause);
    }
}
