package org.ragtime.engine;

/**
 * Input that Ragtime refuses: a malformed file, an index that points past its data, unsorted spike
 * times, an unknown id. The message is one line meant for a person and names what is wrong and where
 * (file, HDF5 path, row); the command line prints it and exits with status 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: where (file, path) and what is wrong */
    public BadInputException(String message) {
        super(message);
    }

    /** @param message one line: where (file, path) and what is wrong; @param cause the underlying failure */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
