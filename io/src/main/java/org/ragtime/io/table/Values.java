package org.ragtime.io.table;

import java.util.List;
import org.ragtime.io.NumericArray;

/**
 * The elements of one {@link TableColumn}, flat and row-major, typed as stored: what a column holds once
 * its index levels and cell shape are set aside. A Zarr or NumPy writer takes them as one 1-D array each
 * ({@link Records} as one array per member).
 */
public sealed interface Values permits Values.Ints, Values.Floats, Values.Bools, Values.Texts, Values.Records {

    /** Number of elements. */
    int size();

    /**
     * Integers of any width; {@code type} is the stored type (a {@link NumericArray.Type#UINT64} above
     * {@code Long.MAX_VALUE} is held wrapped negative and means {@code Long.toUnsignedString}).
     */
    record Ints(long[] values, NumericArray.Type type) implements Values {
        @Override
        public int size() {
            return values.length;
        }
    }

    /** float64, or float32 ({@code type}) held exactly as doubles. */
    record Floats(double[] values, NumericArray.Type type) implements Values {
        @Override
        public int size() {
            return values.length;
        }
    }

    /** HDF5 booleans (h5py's enum {FALSE, TRUE}). */
    record Bools(boolean[] values) implements Values {
        @Override
        public int size() {
            return values.length;
        }
    }

    /** Text (fixed or variable length, ASCII or UTF-8), and object references as the referenced object's path. */
    record Texts(String[] values) implements Values {
        @Override
        public int size() {
            return values.length;
        }
    }

    /**
     * Compound elements, one {@code Values} per member in storage order (e.g. TimeIntervals' {@code timeseries}:
     * {@code idx_start}, {@code count}, {@code timeseries} as a path); pandas shows each element as a tuple.
     */
    record Records(List<String> names, List<Values> fields) implements Values {
        public Records {
            names = List.copyOf(names);
            fields = List.copyOf(fields);
        }

        @Override
        public int size() {
            return fields.isEmpty() ? 0 : fields.get(0).size();
        }
    }
}
