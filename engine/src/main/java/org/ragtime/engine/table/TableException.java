package org.ragtime.engine.table;

import org.ragtime.engine.BadInputException;

/**
 * A table Ragtime refuses: a missing key column, a duplicate id, a value of the wrong type. The
 * message is one line naming the source (file), the line when known, the column and the problem.
 */
public final class TableException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: source, line, column and what is wrong */
    public TableException(String message) {
        super(message);
    }

    /** "source line L, column C: problem", leaving out the line when it is unknown (below 1). */
    public static TableException at(String source, long line, String column, String problem) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(" line ").append(line);
        }
        if (column != null) {
            b.append(", column '").append(column).append('\'');
        }
        return new TableException(b.append(": ").append(problem).toString());
    }
}
