package org.ragtime.io.csv;

import org.ragtime.engine.BadInputException;

/** A CSV file Ragtime refuses: one line naming the file, the line, the column when known, and the problem. */
public final class CsvFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: file, line, column and what is wrong */
    public CsvFormatException(String message) {
        super(message);
    }

    static CsvFormatException at(String file, long line, String column, String problem) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(" line ").append(line);
        }
        if (column != null) {
            b.append(", column '").append(column).append('\'');
        }
        return new CsvFormatException(b.append(": ").append(problem).toString());
    }
}
