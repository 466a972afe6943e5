package org.ragtime.io.csv;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private static final int BUFFER = 1 << 20;

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

    private final List<CompletableFuture<?>> background = new ArrayList<>();

    private ProjectManifests.Written merge(Path unitsFile, Path channelsFile, Path probesFile, Path out) {
        CsvScan scan = KernelProvider.get().csvScan();
        // channels and probes are scanned, and joined (their side of the merge), on another thread while units are
        // scanned here
        CompletableFuture<CsvIndex> cf = CompletableFuture.supplyAsync(() -> CsvIndex.open(channelsFile, scan, arena,
                h -> new int[] {idColumnOrNone(h, "ecephys_channel_id"), List.of(h).indexOf("ecephys_probe_id")}));
        CompletableFuture<CsvIndex> pf = probesFile == null ? CompletableFuture.completedFuture(null)
                : cf.thenApply(x -> CsvIndex.open(probesFile, scan, arena, h -> new int[] {idColumnOrNone(h, "ecephys_probe_id")}));
        // async: without probes, pf is already complete, and a plain thenApply would join the channels here
        CompletableFuture<ChannelSide> sf = pf.thenApplyAsync(p -> new ChannelSide(cf.join(), p));
        background.add(cf);
        background.add(pf);
        background.add(sf);
        CsvIndex u = CsvIndex.open(unitsFile, scan, arena, h -> new int[] {List.of(h).indexOf("ecephys_channel_id")});
        ChannelSide side;
        try {
            side = sf.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        CsvIndex c = side.c;
        CsvIndex p = side.p;
        ManifestRole.checkAll(u.name, List.of(u.header), c.name, List.of(c.header), p == null ? null : p.name,
                p == null ? null : List.of(p.header));
        // the checks in HashJoin's order, so the first problem reported is the same as the table path's
        side.rethrow(ChannelSide.PROBES);
        side.rethrow(ChannelSide.CHANNEL_ID);
        int uKey = column(u, "ecephys_channel_id");
        side.rethrow(ChannelSide.ANNOTATED_KEY);
        side.rethrow(ChannelSide.CHANNEL_INDEX);
        List<String> report = new ArrayList<>(side.report);
        HashJoin.Pairs uc = HashJoin.pairs(matchParallel(u, uKey, side.channelIndex), side.chanOf.length);
        List<String> names = HashJoin.joinedNames(List.of(u.header), side.annotatedNames, side.annKey, "_unit", "_channel");
        dangling(report, u, uKey, uc.dangling(), "channel");

        write(out, names, u, c, p, side.cId, side.pId, uc, side.chanOf, side.probeOf);
        return new ProjectManifests.Written(uc.left().length, names.size(), report);
    }

    /**
     * The channels' side of the merge, worked out on the thread that scanned them while units are still being
     * scanned: channels joined with probes, and the channel id index. A failure is kept with the step it came
     * from, for {@link #merge} to throw in HashJoin's order among its own checks of units.csv.
     */
    private static final class ChannelSide {
        static final int PROBES = 1, CHANNEL_ID = 2, ANNOTATED_KEY = 3, CHANNEL_INDEX = 4;

        final CsvIndex c;
        final CsvIndex p;
        List<String> annotatedNames;
        int[] chanOf; // annotated row -> channel row
        int[] probeOf; // annotated row -> probe row (null without probes)
        int pId = -1;
        int cId;
        int annKey;
        IdIndex channelIndex;
        final List<String> report = new ArrayList<>();
        private int failedAt;
        private RuntimeException failure;

        ChannelSide(CsvIndex c, CsvIndex p) {
            this.c = c;
            this.p = p;
            int step = PROBES;
            try {
                annotatedNames = List.of(c.header);
                if (p != null) {
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
                step = CHANNEL_ID;
                cId = idColumn(c, "ecephys_channel_id");
                step = ANNOTATED_KEY;
                // the annotated table's key is found by name, as HashJoin finds it
                annKey = annotatedNames.indexOf(c.header[cId]);
                if (annKey < 0 || annKey >= c.columns) {
                    throw TableException.at(c.name, 0, c.header[cId], "no such column (columns: " + String.join(", ", annotatedNames) + ")");
                }
                step = CHANNEL_INDEX;
                channelIndex = index(c, cId, chanOf);
            } catch (RuntimeException e) {
                failedAt = step;
                failure = e;
            }
        }

        /** Throws the failure of {@code step}, if that is where this side failed. */
        void rethrow(int step) {
            if (failedAt == step) {
                throw failure;
            }
        }
    }

    /** {@link #match} over two threads when {@code t} is big enough to be worth it. */
    private static int[] matchParallel(CsvIndex t, int col, IdIndex index) {
        int[] m = new int[t.rows];
        int half = t.rows / 2;
        if (t.rows < 50_000 || Runtime.getRuntime().availableProcessors() < 2) {
            match(t, col, index, m, 0, t.rows);
            return m;
        }
        Throwable[] failed = new Throwable[1];
        Thread second = Thread.ofPlatform().name("ragtime-join").start(() -> {
            try {
                match(t, col, index, m, half, t.rows);
            } catch (RuntimeException | Error e) { // an Error too: its half of m would be left unmatched
                failed[0] = e;
            }
        });
        RuntimeException first = null;
        try {
            match(t, col, index, m, 0, half);
        } catch (RuntimeException e) {
            first = e;
        }
        boolean interrupted = false;
        while (true) {
            try {
                second.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first != null) { // the first bad record in file order, as one pass would find it
            throw first;
        }
        if (failed[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failed[0] instanceof Error e) {
            throw e;
        }
        return m;
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

    private static IdIndex index(CsvIndex t, int col) {
        return index(t, col, identity(t.rows));
    }

    /** Id -> position in {@code rows} (records of {@code t}); refuses missing and repeated ids as HashJoin does. */
    private static IdIndex index(CsvIndex t, int col, int[] rows) {
        IdIndex index = new IdIndex(rows.length);
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
    private static int[] match(CsvIndex t, int col, IdIndex index) {
        int[] m = new int[t.rows];
        match(t, col, index, m, 0, t.rows);
        return m;
    }

    /** {@link #match} of records {@code [from, to)} into {@code m}. */
    private static void match(CsvIndex t, int col, IdIndex index, int[] m, int from, int to) {
        Key k = new Key(t, col);
        for (int r = from; r < to; r++) {
            m[r] = k.read(r) ? (int) index.get(k.value) : -1;
        }
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

    /**
     * Ids to positions: open addressing with linear probing in two flat arrays (no boxing, no entry objects),
     * at most three quarters full, the slot picked by the high bits of a Fibonacci hash (sequential ids spread evenly).
     */
    static final class IdIndex {
        private final long[] keys;
        private final int[] positions; // position + 1; 0: an empty slot
        private final int shift;
        private final int mask;

        IdIndex(int expected) {
            long room = Math.max(16, expected + (expected + 2L) / 3); // at most three quarters full: 2^bits >= room
            int bits = 64 - Long.numberOfLeadingZeros(room - 1);
            keys = new long[1 << bits];
            positions = new int[1 << bits];
            shift = 64 - bits;
            mask = (1 << bits) - 1;
        }

        private int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        }

        /** Maps {@code key} to {@code position} (at least 0) unless it is mapped already; returns the earlier position, or -1. */
        long put(long key, int position) {
            int i = slot(key);
            while (true) {
                int p = positions[i];
                if (p == 0) {
                    keys[i] = key;
                    positions[i] = position + 1;
                    return -1;
                }
                if (keys[i] == key) {
                    return p - 1;
                }
                i = (i + 1) & mask;
            }
        }

        /** The position of {@code key}, or -1. */
        long get(long key) {
            int i = slot(key);
            while (true) {
                int p = positions[i];
                if (p == 0) {
                    return -1;
                }
                if (keys[i] == key) {
                    return p - 1;
                }
                i = (i + 1) & mask;
            }
        }
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

        /** Where the scan left this column's int64 literals in {@code t.keys} (-1: it did not read them). */
        private final int scanned;
        private final int stride;

        Key(CsvIndex t, int col) {
            this.t = t;
            this.col = col;
            int j = -1;
            for (int i = 0; i < t.keyColumns.length; i++) {
                if (t.keyColumns[i] == col && t.kinds[col] == CsvTables.Kind.LONG) {
                    j = i;
                }
            }
            scanned = j;
            stride = t.keyColumns.length;
        }

        /** Reads record {@code r}'s id into {@link #value}; false when it is missing. */
        boolean read(int r) {
            if (scanned >= 0) { // an int64 literal the scan read: neither missing nor in need of parsing
                long v = t.keys[r * stride + scanned];
                if (v != Long.MIN_VALUE) {
                    value = v;
                    return true;
                }
            }
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
    private Writer writer;
    private final CsvIndex.Fields fields = new CsvIndex.Fields();
    private final StringBuilder sb = new StringBuilder(32);
    private byte[] scratch = new byte[64];
    private byte[] text = new byte[64];
    private final boolean[] ok = new boolean[1];

    private void write(Path out, List<String> names, CsvIndex u, CsvIndex c, CsvIndex p, int cId, int pId,
                       HashJoin.Pairs uc, int[] chanOf, int[] probeOf) {
        try (FileChannel fc = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING); Writer w = new Writer(fc, arena)) {
            writer = w;
            buf = w.take();
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
            w.finish();
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
            long a;
            long b;
            int n = skip == 0 ? canonicalIdLength(t, r, skip) : -1;
            if (n >= 0) { // the usual layout, an id column first: no need to look for its end
                a = start;
                b = start + n;
            } else {
                fields.locate(t.data, start, end, skip);
                a = fields.start[skip];
                b = fields.end[skip];
            }
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

    /**
     * The length of field {@code col} of record {@code r} when it is a canonical int64 literal the scan read (its text
     * is then exactly the value's decimal digits), else -1.
     */
    private static int canonicalIdLength(CsvIndex t, int r, int col) {
        if (t.cls(r, col) != CsvScan.INT) {
            return -1;
        }
        for (int j = 0; j < t.keyColumns.length; j++) {
            if (t.keyColumns[j] == col) {
                long v = t.keys[r * t.keyColumns.length + j];
                return v == Long.MIN_VALUE ? -1 : decimalLength(v);
            }
        }
        return -1;
    }

    /** The number of characters of {@code Long.toString(v)} (comparisons only: C1 calls out for a long division). */
    static int decimalLength(long v) {
        if (v < 0) {
            return v == Long.MIN_VALUE ? 20 : 1 + decimalLength(-v);
        }
        int n = 1;
        for (long p = 10; n < 19 && v >= p; p *= 10) {
            n++;
        }
        return n;
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
                writer.give(src.asSlice(off, len)); // written straight from the mapping
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


    /** Hands the filled part of the buffer to the writer thread and goes on in a free one. */
    private void flush() throws IOException {
        if (pos > 0) {
            writer.give(buf, pos);
            buf = writer.take();
            pos = 0;
        }
    }

    /**
     * Writes filled buffers to the file on a thread of its own, in the order given, while the next ones are
     * filled: the write system calls (on tmpfs a third of the merge, allocating and copying pages) overlap the
     * splicing. Buffers go round between {@link #take} and {@link #give}; once a write fails, the rest are only
     * recycled, and the failure is thrown to the filling thread at its next hand-over.
     */
    private static final class Writer implements AutoCloseable {
        private static final int BUFFERS = 4;

        /** {@code length} bytes of {@code bytes} to write; {@code recycle}: a buffer of ours, free again after. */
        private record Chunk(MemorySegment bytes, long length, boolean recycle) {
        }

        private static final Chunk END = new Chunk(MemorySegment.NULL, 0, false);

        private final FileChannel ch;
        private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final BlockingQueue<MemorySegment> free = new ArrayBlockingQueue<>(BUFFERS);
        private final Thread thread;
        private volatile IOException failure;
        private boolean ended;

        Writer(FileChannel ch, Arena arena) {
            this.ch = ch;
            for (int i = 0; i < BUFFERS; i++) {
                free.add(arena.allocate(BUFFER));
            }
            thread = Thread.ofPlatform().name("ragtime-csv-writer").daemon(true).start(this::run);
        }

        private void run() {
            try {
                while (true) {
                    Chunk c = full.take();
                    if (c == END) {
                        return;
                    }
                    if (failure == null) {
                        try {
                            var bb = c.bytes.asSlice(0, c.length).asByteBuffer();
                            while (bb.hasRemaining()) {
                                ch.write(bb);
                            }
                        } catch (IOException e) {
                            failure = e;
                        } catch (RuntimeException | Error e) { // still recycle, so the filling thread never waits forever
                            failure = new IOException(String.valueOf(e), e);
                        }
                    }
                    if (c.recycle) {
                        free.put(c.bytes);
                    }
                }
            } catch (InterruptedException e) { // only end() stops this thread; nobody else interrupts it
                Thread.currentThread().interrupt();
            }
        }

        /** A free buffer (waiting for the writer to finish one). */
        MemorySegment take() throws IOException {
            check();
            try {
                return free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing");
            }
        }

        /** Queues the first {@code length} bytes of buffer {@code b} (from {@link #take}) for writing. */
        void give(MemorySegment b, long length) throws IOException {
            put(new Chunk(b, length, true));
        }

        /** Queues {@code s}, not a buffer of ours (it must stay valid until {@link #finish}), for writing. */
        void give(MemorySegment s) throws IOException {
            put(new Chunk(s, s.byteSize(), false));
        }

        private void put(Chunk c) throws IOException {
            check();
            try {
                full.put(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing");
            }
        }

        /** Waits until everything given is written; throws the writer's failure. */
        void finish() throws IOException {
            end();
            check();
        }

        private void check() throws IOException {
            IOException e = failure;
            if (e != null) {
                throw e;
            }
        }

        /** Lets the writer finish what it was given, and waits for it (uninterruptibly: the file closes after). */
        private void end() {
            if (ended) {
                return;
            }
            ended = true;
            boolean interrupted = false;
            while (true) {
                try {
                    full.put(END);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops the thread once what it was given is written, so nothing writes after the file is closed. */
        @Override
        public void close() {
            end();
        }
    }
}
