package org.ragtime.engine.codec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;
import org.ragtime.engine.Isa;
import org.ragtime.engine.internal.Lazy;
import org.ragtime.engine.internal.NativeLibrary;

/** {@link CsvScan} in C ({@code src-native/src/main/c/csv.c}); the text and the outputs must be native segments. */
final class NativeCsvScan implements CsvScan {
    private static final FunctionDescriptor SCAN = FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT,
            JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final Lazy<NativeCsvScan> INSTANCE = Lazy.of(() -> new NativeCsvScan(
            NativeLibrary.downcall("ragtime_csv_scan", SCAN), "native"));
    private static final List<Lazy<NativeCsvScan>> LEVELS = Arrays.stream(Isa.values())
            .map(i -> Lazy.of(() -> new NativeCsvScan(NativeLibrary.downcall("ragtime_csv_scan", i, SCAN), "native-" + i.id())))
            .toList();

    private final MethodHandle scan;
    private final String name;

    private NativeCsvScan(MethodHandle scan, String name) {
        this.scan = scan;
        this.name = name;
    }

    /** The C scan at the JVM's level, or UnsupportedOperationException saying why the library cannot give it. */
    static NativeCsvScan create() {
        return INSTANCE.get();
    }

    /** The C scan compiled for {@code level}, or UnsupportedOperationException saying why it cannot run. */
    static NativeCsvScan create(Isa level) {
        return LEVELS.get(level.ordinal()).get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long scan(MemorySegment text, long from, int columns, MemorySegment rowStart, MemorySegment rowEnd,
                     MemorySegment classes, int[] seen, int[] keyColumns, MemorySegment keys, long[] state) {
        long max = rowStart.byteSize() / 8;
        int nk = keyColumns.length;
        if (rowEnd.byteSize() / 8 < max || classes.byteSize() < max * columns || from < 0 || from > text.byteSize()
                || nk > 2 || keys.byteSize() < max * nk * 8) {
            throw new IllegalArgumentException("csv scan: outputs too small or start outside the text");
        }
        for (MemorySegment m : new MemorySegment[] {text, rowStart, rowEnd, classes, keys}) {
            if (!m.isNative()) {
                throw new IllegalArgumentException("csv scan: the native scan needs native segments");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(JAVA_LONG, 4);
            MemorySegment sn = arena.allocate(JAVA_INT, columns);
            MemorySegment.copy(seen, 0, sn, JAVA_INT, 0, columns);
            MemorySegment kc = arena.allocate(JAVA_INT, Math.max(1, nk));
            MemorySegment.copy(keyColumns, 0, kc, JAVA_INT, 0, nk);
            long rows = (long) scan.invokeExact(text, text.byteSize(), from, columns, max, rowStart, rowEnd, classes, sn,
                    kc, nk, keys, st);
            for (int i = 0; i < 4; i++) {
                state[i] = st.getAtIndex(JAVA_LONG, i);
            }
            MemorySegment.copy(sn, JAVA_INT, 0, seen, 0, columns);
            return rows;
        } catch (Throwable t) {
            throw NativeLibrary.failure("ragtime_csv_scan", t);
        }
    }
}
