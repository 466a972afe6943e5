package org.ragtime.cli.batch;

import java.io.Serializable;

/**
 * One session's line of {@code batch.csv}: {@code session,path,status,seconds,output,error}.
 *
 * @param session  the NWB file name without {@code .nwb}
 * @param path     the file as listed
 * @param status   {@code ok}, {@code failed} or {@code skipped}
 * @param seconds  wall time of the session's command (0 when skipped)
 * @param output   the session's main output relative to OUTDIR ({@code <session>/<output>}), empty when failed
 * @param error    the one-line error of a failed session, else empty
 * @param exitCode the command's exit status (2 bad input, 1 anything else, 0 for ok and skipped)
 */
public record Row(String session, String path, String status, double seconds, String output, String error, int exitCode)
        implements Serializable {
    /** Whether the session's outputs exist (it succeeded now or before). */
    public boolean hasOutput() {
        return !status.equals("failed");
    }
}
