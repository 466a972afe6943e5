package org.ragtime.io.csv;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.agrona.collections.Long2LongHashMap;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.table.HashJoin;
import org.ragtime.engine.table.TableException;

/**
 * The CCF merge of the project-cache manifests from CSV files to a CSV file, without building tables: the
 * files are mapped and scanned ({@link CsvIndex}), only the key fields are parsed, and each output row is
 * spliced from its units, channel and probe records, copied from the mappings whenever the record's
 * fields are written back as they are (almost always), else formatted field by field exactly as
 * {@link CsvTables#write} would write the joined table. Same rows, order, names, errors and report as
 * {@link ProjectManifests#mergeCcf(Path, Path, Path)} followed by {@link CsvTables#write}.
 */
final class CcfCsvMerge {
    private static final int BUFFER = 1 << 22;

    private final Arena arena = Arena.ofShared();

    private CcfCsvMerge() {
    }

    static ProjectManifests.Written run(Path units, Path channels, Path probes, Path out) {
        CcfCsvMerge m = new CcfCsvMerge();
        try {
            return m.merge(units, channels, probes, out);
        } finally {
            // the arena may be closed only once no thread uses its mappings: after a failure here, the
            // channels and probes may still be being scanned
            for (CompletableFuture<?> f : m.background) {
                if (f != null) {
                    try {
                        f.join();
                    } catch (RuntimeException ignored) { // its failure is reported only if ours was not
                    }
                }
            }
            m.arena.close();
        }
    }

    private final List<CompletableFuture<CsvIndex>> background = new ArrayList<>();

    private ProjectManifests.Written merge(Path unitsFile, Path channelsFile, Path probesFile, Path out) {
        CsvScan scan = KernelProvider.get().csvScan();
        // channels and probes are scanned on another thread while units are scanned here
        CompletableFuture<CsvIndex> cf = CompletableFuture.supplyAsync(() -> CsvIndex.open(channelsFile, scan, arena,
                h -> new int[] {idColumnOrNone(h, "ecephys_channel_id"), List.of(h).indexOf("ecephys_probe_id")}));
        CompletableFuture<CsvIndex> pf = probesFile == null ? CompletableFuture.completedFuture(null)
                : cf.thenApply(x -> CsvIndex.open(probesFile, scan, arena, h -> new int[] {idColumnOrNone(h, "ecephys_probe_id")}));
        background.add(cf);
        background.add(pf);
        CsvIndex u = CsvIndex.open(unitsFile, scan, arena, h -> new int[] {List.of(h).indexOf("ecephys_channel_id")});
        CsvIndex c;
        CsvIndex p;
        try {
            c = cf.join();
            p = pf.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        ManifestRole.checkAll(u.name, List.of(u.header), c.name, List.of(c.header), p == null ? null : p.name,
                p == null ? null : List.of(p.header));

        List<String> annotatedNames = List.of(c.header);
        int[] chanOf; // annotated row -> channel row
        int[] probeOf; // annotated row -> probe row (null without probes)
        int pId = -1;
        List<String> report = new ArrayList<>();
        if (p != null) { // checks in HashJoin's order, so the first problem reported is the same
            pId = idColumn(p, "ecephys_probe_id");
            int cProbe = column(c, "ecephys_probe_id");
            HashJoin.Pairs cp = HashJoin.pairs(match(c, cProbe, index(p, pId)), p.rows);
            chanOf = cp.left();
            probeOf = cp.right();
            annotatedNames = HashJoin.joinedNames(List.of(c.header), List.of(p.header), pId, "_channel", "_probe");
            dangling(report, c, cProbe, cp.dangling(), "probe");
        } else {
            chanOf = identity(c.rows);
            probeOf = null;
        }
        int cId = idColumn(c, "ecephys_channel_id");
        int uKey = column(u, "ecephys_channel_id");
        // the annotated table's key is found by name, as HashJoin finds it
        int annKey = annotatedNames.indexOf(c.header[cId]);
        if (annKey < 0 || annKey >= c.columns) {
            throw TableException.at(c.name, 0, c.header[cId], "no such column (columns: " + String.join(", ", annotatedNames) + ")");
        }
        Long2LongHashMap channelIndex = index(c, cId, chanOf);
        HashJoin.Pairs uc = HashJoin.pairs(match(u, uKey, channelIndex), chanOf.length);
        List<String> names = HashJoin.joinedNames(List.of(u.header), annotatedNames, annKey, "_unit", "_channel");
        dangling(report, u, uKey, uc.dangling(), "channel");

        write(out, names, u, c, p, cId, pId, uc, chanOf, probeOf);
        return new ProjectManifests.Written(uc.left().length, names.size(), report);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static int column(CsvIndex t, String name) {
        for (int i = 0; i < t.columns; i++) {
            if (t.header[i].equals(name)) {
                return i;
            }
        }
        throw TableException.at(t.name, 0, name, "no such column (columns: " + String.join(", ", t.header) + ")");
    }

    /** The id column: its VBN name when present, else VC's {@code id} (ProjectManifests.idColumn); -1 when neither is. */
    private static int idColumnOrNone(String[] header, String vbnName) {
        List<String> h = List.of(header);
        return h.contains(vbnName) ? h.indexOf(vbnName) : h.indexOf("id");
    }

    /** {@link #idColumnOrNone}, refusing a file with neither column. */
    private static int idColumn(CsvIndex t, String vbnName) {
        int i = idColumnOrNone(t.header, vbnName);
        return i >= 0 ? i : column(t, vbnName);
    }

    private static Long2LongHashMap index(CsvIndex t, int col) {
        return index(t, col, identity(t.rows));
    }

    /** Id -> position in {@code rows} (records of {@code t}); refuses missing and repeated ids as HashJoin does. */
    private static Long2LongHashMap index(CsvIndex t, int col, int[] rows) {
        Long2LongHashMap index = new Long2LongHashMap(Math.max(16, rows.length * 2), 0.65f, -1L);
        Key k = new Key(t, col);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (!k.read(r)) {
                throw TableException.at(t.name, t.line(r), t.header[col], "missing id");
            }
            long prev = index.put(k.value, i);
            if (prev >= 0) {
                throw TableException.at(t.name, t.line(r), t.header[col], "duplicate id " + k.value
                        + " (first at line " + t.line(rows[(int) prev]) + ")");
            }
        }
        return index;
    }

    /** Per record of {@code t}: the position its key matches in {@code index}, or -1. */
    private static int[] match(CsvIndex t, int col, Long2LongHashMap index) {
        int[] m = new int[t.rows];
        Key k = new Key(t, col);
        for (int r = 0; r < t.rows; r++) {
            m[r] = k.read(r) ? (int) index.get(k.value) : -1;
        }
        return m;
    }

    private static void dangling(List<String> report, CsvIndex t, int col, int[] rows, String what) {
        if (rows.length == 0) {
            return;
        }
        Key k = new Key(t, col);
        String key = k.read(rows[0]) ? t.header[col] + " " + k.text() : "no " + t.header[col];
        report.add(ProjectManifests.danglingLine(rows.length, t.header[col], what,
                ", first at " + t.name + " line " + t.line(rows[0]) + " (" + key + ")"));
    }

    /** Reads integral ids out of one column, with HashJoin's rules for float and text columns. */
    private static final class Key {
        private final CsvIndex t;
        private final int col;
        private final CsvIndex.Fields fields = new CsvIndex.Fields();
        private final boolean[] ok = new boolean[1];
        private byte[] scratch = new byte[32];
        long value;
        private double real;

        Key(CsvIndex t, int col) {
            this.t = t;
            this.col = col;
        }

        /** Reads record {@code r}'s id into {@link #value}; false when it is missing. */
        boolean read(int r) {
            byte cls = t.cls(r, col);
            if (cls == CsvScan.EMPTY || cls == CsvScan.NA || cls == CsvIndex.Q_NA) {
                return false;
            }
            if (t.kinds[col] == CsvTables.Kind.LONG) {
                long v = t.scannedKey(r, col);
                if (v != Long.MIN_VALUE) {
                    value = v;
                    return true;
                }
            }
            fields.locate(t.data, t.rowStart[r], t.rowEnd[r], col);
            scratch = fields.bytes(t.data, col, scratch);
            int len = fields.len;
            switch (t.kinds[col]) {
                case LONG -> value = Numbers.parseLong(scratch, 0, len);
                case DOUBLE -> {
                    real = Numbers.parseDouble(scratch, 0, len, ok);
                    if (real != Math.rint(real) || Math.abs(real) > 0x1p53) {
                        throw TableException.at(t.name, t.line(r), t.header[col], "id " + real + " is not an integer");
                    }
                    value = (long) real;
                }
                case STRING -> throw notInteger();
            }
            return true;
        }

        String text() {
            return t.kinds[col] == CsvTables.Kind.DOUBLE ? Double.toString(real) : Long.toString(value);
        }

        /** A text id column: names its first value that is not an integer, as HashJoin does. */
        private TableException notInteger() {
            for (int r = 0; r < t.rows; r++) {
                byte cls = t.cls(r, col);
                if (cls == CsvScan.EMPTY || cls == CsvScan.NA || cls == CsvIndex.Q_NA) {
                    continue;
                }
                fields.locate(t.data, t.rowStart[r], t.rowEnd[r], col);
                String s = fields.text(t.data, col);
                if (!s.matches("[-+]?\\d{1,18}")) {
                    return TableException.at(t.name, t.line(r), t.header[col], "id '" + s + "' is not an integer");
                }
            }
            throw new IllegalStateException("a text column without text");
        }
    }

    // ---- output

    private MemorySegment buf;
    private long pos;
    private FileChannel ch;
    private final CsvIndex.Fields fields = new CsvIndex.Fields();
    private final StringBuilder sb = new StringBuilder(32);
    private byte[] scratch = new byte[64];
    private byte[] text = new byte[64];
    private final boolean[] ok = new boolean[1];

    private void write(Path out, List<String> names, CsvIndex u, CsvIndex c, CsvIndex p, int cId, int pId,
                       HashJoin.Pairs uc, int[] chanOf, int[] probeOf) {
        buf = arena.allocate(BUFFER);
        try (FileChannel fc = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch = fc;
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    put((byte) ',');
                }
                put(CsvTableWriter.quote(names.get(i)));
            }
            put((byte) '\n');
            int[] left = uc.left();
            int[] right = uc.right();
            for (int i = 0; i < left.length; i++) {
                int a = right[i];
                record(u, left[i], -1);
                if (c.columns > 1) { // a file holding only its id column adds no columns
                    put((byte) ',');
                    record(c, chanOf[a], cId);
                }
                if (p != null && p.columns > 1) {
                    put((byte) ',');
                    record(p, probeOf[a], pId);
                }
                put((byte) '\n');
            }
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Record {@code r} of {@code t} without field {@code skip} (-1: none). */
    private void record(CsvIndex t, int r, int skip) throws IOException {
        long start = t.rowStart[r];
        long end = t.rowEnd[r];
        if (skip < 0) {
            if (t.verbatim(r, 0, t.columns)) {
                copy(t.data, start, end - start);
                return;
            }
        } else if (t.verbatim(r, 0, skip) && t.verbatim(r, skip + 1, t.columns)) {
            fields.locate(t.data, start, end, skip);
            long a = fields.start[skip];
            long b = fields.end[skip];
            if (skip > 0) { // fields before the skipped one, without the comma after them
                copy(t.data, start, a - 1 - start);
            }
            if (skip < t.columns - 1) {
                if (skip > 0) {
                    put((byte) ',');
                }
                copy(t.data, b + 1, end - b - 1);
            }
            return;
        }
        fields.split(t.name, t.data, start, end, false);
        boolean first = true;
        for (int f = 0; f < t.columns; f++) {
            if (f == skip) {
                continue;
            }
            if (!first) {
                put((byte) ',');
            }
            first = false;
            field(t, r, f);
        }
    }

    /** Field {@code f} of the record split into {@link #fields}, as CsvTables.write writes it. */
    private void field(CsvIndex t, int r, int f) throws IOException {
        byte cls = t.cls(r, f);
        if (cls == CsvScan.EMPTY || cls == CsvScan.NA || cls == CsvIndex.Q_NA) {
            return;
        }
        CsvTables.Kind kind = t.kinds[f];
        if (CsvIndex.verbatim(kind, cls)) {
            copy(t.data, fields.start[f], fields.end[f] - fields.start[f]);
            return;
        }
        scratch = fields.bytes(t.data, f, scratch);
        int len = fields.len;
        room(48);
        switch (kind) {
            case LONG -> {
                int n = CsvTableWriter.writeLong(Numbers.parseLong(scratch, 0, len), text, 0);
                put(text, n);
            }
            case DOUBLE -> {
                int n = PythonFloat.write(Numbers.parseDouble(scratch, 0, len, ok), text, 0, sb);
                put(text, n);
            }
            case STRING -> put(CsvTableWriter.quote(new String(scratch, 0, len, StandardCharsets.UTF_8)));
        }
    }

    private void room(int n) throws IOException {
        if (pos + n > buf.byteSize()) {
            flush();
        }
        if (text.length < n) {
            text = new byte[n];
        }
    }

    private void copy(MemorySegment src, long off, long len) throws IOException {
        if (pos + len > buf.byteSize()) {
            flush();
            if (len > buf.byteSize()) {
                var bb = src.asSlice(off, len).asByteBuffer();
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                return;
            }
        }
        MemorySegment.copy(src, off, buf, pos, len);
        pos += len;
    }

    private void put(byte b) throws IOException {
        if (pos == buf.byteSize()) {
            flush();
        }
        buf.set(JAVA_BYTE, pos++, b);
    }

    private void put(byte[] b) throws IOException {
        put(b, b.length);
    }

    private void put(byte[] b, int n) throws IOException {
        if (pos + n > buf.byteSize()) {
            flush();
        }
        MemorySegment.copy(b, 0, buf, JAVA_BYTE, pos, n);
        pos += n;
    }

    private void flush() throws IOException {
        var bb = buf.asSlice(0, pos).asByteBuffer();
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
        pos = 0;
    }
}
