package org.ragtime.cli.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes mutant number {@code index} of the campaign with seed {@code seed}: the same pair always gives the same
 * mutant (its own random stream, independent of the others), so any mutant of a long run is reproduced alone.
 *
 * <p>Classes: {@code flip} (1-8 bit or byte flips, 85% inside metadata), {@code truncate} (cut anywhere, half
 * of the time with the superblock's end-of-file address set to the new length so the size check passes),
 * {@code zero} (a zeroed block, mostly over metadata), {@code extreme} (0, -1, 2^31-1, 2^32, 2^63-1, 2^63,
 * NaN, +-Inf, the file size written over an address or size field; 30% of them over a dataset's data or chunk
 * B-tree address), {@code semantic} (values of known
 * datasets edited in place: NaN/Inf or unsorted spike times, decreasing or out-of-range indexes, non-finite
 * or reversed presentation times, NaN, decreasing or dense dF/F timestamps, extreme ROI and id values),
 * {@code utf8} (invalid UTF-8 in a global-heap string), {@code h5py} (a structural mutant of the corpus with
 * a flip or an extreme value on top; each corpus mutant also runs once as it is, in the sweep of negative
 * indexes) and {@code chunk} (a chunked corpus mutant damaged in its chunk B-tree, chunk records or chunk bytes).
 */
final class Mutator {
    static final String[] CLASSES = {"flip", "truncate", "zero", "extreme", "semantic", "utf8", "h5py", "chunk"};
    private static final int[] WEIGHTS = {24, 9, 9, 20, 22, 6, 10, 16};

    /** Commands that read each dataset whole (so decode every chunk of it when it is chunked). */
    static final Set<String> SPIKE_READERS = Set.of("counts", "spike-times", "bin", "psth", "condition-stats");
    static final Set<String> PRESENTATION_READERS = Set.of("counts", "spike-times", "psth", "condition-stats");

    static final String DG = "/intervals/drifting_gratings_presentations";
    static final String NI = "/intervals/Natural_Images_Lum_Matched_set_training_2017.07.14_presentations";
    static final String DFF = "/processing/ophys/dff/traces";

    private static final long[] EXTREMES = {0L, -1L, Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE,
        Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), 0x7ff4000000000001L};

    private final Corpus corpus;
    private final long seed;

    Mutator(Corpus corpus, long seed) {
        this.corpus = corpus;
        this.seed = seed;
    }

    /**
     * Mutant {@code index}: for index >= 0 drawn from the seeded stream; a negative index -k is the k-th mutant
     * of the h5py corpus as it is (the corpus sweep every campaign starts with, so each structural mutant runs).
     */
    Mutant make(long index) {
        if (index < 0) {
            List<String> names = corpus.names();
            String name = names.get((int) (-index - 1));
            return new Mutant(index, "h5py", "corpus/" + name, corpus.descriptions.get(name), Set.of(), corpus.accept.get(name));
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        String kind = pick(r, CLASSES, WEIGHTS);
        if (kind.equals("h5py") && corpus.entries.isEmpty()) {
            kind = "semantic";
        }
        if (kind.equals("h5py")) { // the sweep ran each corpus mutant as it is: here one is mutated further
            List<String> names = corpus.names();
            String name = names.get(r.nextInt(names.size()));
            String base = "corpus/" + name;
            Hdf5Layout l = corpus.layout(base);
            Mutant m = r.nextBoolean() ? flip(index, r, l, new Mutant.Spec(base)) : extreme(index, r, l, new Mutant.Spec(base));
            return new Mutant(index, kind, m.spec(), corpus.descriptions.get(name) + ", then " + m.what(), Set.of());
        }
        if (kind.equals("chunk")) {
            List<String> chunked = corpus.names().stream().filter(x -> x.startsWith("chunked_")).toList();
            if (chunked.isEmpty()) {
                kind = "flip";
            } else {
                String base = "corpus/" + chunked.get(r.nextInt(chunked.size()));
                return chunk(index, r, corpus.layout(base), new Mutant.Spec(base));
            }
        }
        int b = r.nextInt(100);
        String sample = b < 45 ? "ecephys" : b < 80 ? "ophys" : "tiny";
        Hdf5Layout l = corpus.layout(sample);
        Mutant.Spec spec = new Mutant.Spec(sample);
        return switch (kind) {
            case "flip" -> flip(index, r, l, spec);
            case "truncate" -> truncate(index, r, l, spec);
            case "zero" -> zero(index, r, l, spec);
            case "extreme" -> extreme(index, r, l, spec);
            case "utf8" -> utf8(index, r, l, spec, sample);
            default -> semantic(index, r, l, spec, sample);
        };
    }

    private static String pick(SplittableRandom r, String[] names, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < names.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return names[i];
            }
        }
        return names[names.length - 1];
    }

    private Mutant flip(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec) {
        int n = 1 + Math.min(7, Long.numberOfTrailingZeros(r.nextLong() | (1L << 7)));
        List<String> where = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean meta = r.nextInt(100) < 85;
            long at = meta ? l.metadataOffset(r) : r.nextLong(l.bytes.length);
            at = Math.min(at, l.bytes.length - 1);
            byte old = l.bytes[(int) at];
            byte v = r.nextInt(100) < 60 ? (byte) (old ^ (1 << r.nextInt(8))) : (byte) r.nextInt(256);
            if (v == old) {
                v = (byte) (old ^ 0xFF);
            }
            spec.patch(at, new byte[] {v});
            where.add(at + (meta ? "" : "(data)"));
        }
        return new Mutant(index, "flip", spec.toString(), n + " byte flip(s) at " + String.join(" ", where), Set.of());
    }

    private Mutant truncate(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec) {
        int size = l.bytes.length;
        int c = r.nextInt(100);
        long len = c < 35 ? r.nextLong(size) : c < 65 ? l.metadataOffset(r) : c < 88 ? size - 1 - r.nextInt(4096) : r.nextInt(512);
        len = Math.max(0, Math.min(size - 1, len));
        boolean consistent = r.nextBoolean() && len >= 48;
        spec.truncate(len);
        if (consistent) {
            spec.patch(40, le(len, 8)); // superblock v0 end-of-file address
        }
        return new Mutant(index, "truncate", spec.toString(), "truncated to " + len + " of " + size + " bytes"
                + (consistent ? ", end-of-file address set to match" : ""), Set.of());
    }

    private Mutant zero(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec) {
        long at = r.nextInt(100) < 70 ? l.metadataOffset(r) : r.nextLong(l.bytes.length);
        long len = 1L << (3 + r.nextInt(10));
        spec.zero(at, len);
        return new Mutant(index, "zero", spec.toString(), len + " bytes zeroed at " + at, Set.of());
    }

    private Mutant extreme(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec) {
        int where = r.nextInt(100);
        long at = where < 30 && !l.addressFields.isEmpty() ? l.addressFields.get(r.nextInt(l.addressFields.size()))
                : where < 88 ? l.fields.get(r.nextInt(l.fields.size())) : l.metadataOffset(r) & ~7L;
        int c = r.nextInt(EXTREMES.length + 2);
        long v = c < EXTREMES.length ? EXTREMES[c] : c == EXTREMES.length ? l.bytes.length : l.bytes.length + 1 + r.nextInt(4096);
        int width = r.nextInt(100) < 15 ? 4 : 8;
        at = Math.min(at, l.bytes.length - width);
        spec.patch(at, le(v, width));
        return new Mutant(index, "extreme", spec.toString(), width + "-byte 0x" + Long.toHexString(width == 4 ? v & 0xffffffffL : v)
                + " at " + at + " (" + fieldName(l, at) + ")", Set.of());
    }

    /**
     * Damage aimed at chunked storage (a chunked corpus mutant): the chunk B-tree nodes (bytes, level, entries
     * used, a zeroed node), the chunk records in them (stored size, filter mask, offsets, chunk or child address:
     * extreme values, off by one, another record's) and the stored chunk bytes (flips in the zlib header, body or
     * checksum, a zeroed block). A gzip or fletcher32 chunk whose bytes change must not decode: the commands that
     * read that dataset must refuse it.
     */
    private Mutant chunk(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec) {
        if (l.chunks.isEmpty() || l.chunkTrees.isEmpty()) {
            return flip(index, r, l, spec);
        }
        ByteBuffer b = ByteBuffer.wrap(l.bytes).order(ByteOrder.LITTLE_ENDIAN);
        String[] ops = {"tree-flip", "tree-header", "tree-zero", "record-size", "record-mask", "record-offset", "record-address",
            "data-flip", "data-flip", "data-zero"};
        String op = ops[r.nextInt(ops.length)];
        Set<String> refuse = Set.of();
        String what;
        switch (op) {
            case "tree-flip" -> {
                Hdf5Layout.Region t = l.chunkTrees.get(r.nextInt(l.chunkTrees.size()));
                int n = 1 + r.nextInt(4);
                List<String> at = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    long p = t.start() + r.nextLong(t.end() - t.start());
                    byte old = l.bytes[(int) p];
                    byte v = r.nextBoolean() ? (byte) (old ^ (1 << r.nextInt(8))) : (byte) r.nextInt(256);
                    spec.patch(p, new byte[] {v == old ? (byte) ~old : v});
                    at.add(Long.toString(p));
                }
                what = n + " byte flip(s) in " + t.what() + " at " + t.start() + ": " + String.join(" ", at);
            }
            case "tree-header" -> {
                long t = l.chunkTreeHeaders.get(r.nextInt(l.chunkTreeHeaders.size()));
                if (r.nextBoolean()) {
                    int v = new int[] {0, 1, 2, 7, 64, 255}[r.nextInt(6)];
                    spec.patch(t + 5, new byte[] {(byte) v});
                    what = "chunk B-tree node at " + t + ": level " + v + " (was " + l.bytes[(int) t + 5] + ")";
                } else {
                    int v = new int[] {0, 1, 65, 0x7fff, 0xffff}[r.nextInt(5)];
                    spec.patch(t + 6, le(v, 2));
                    what = "chunk B-tree node at " + t + ": " + v + " entries used (was " + Short.toUnsignedInt(b.getShort((int) t + 6)) + ")";
                }
            }
            case "tree-zero" -> {
                Hdf5Layout.Region t = l.chunkTrees.get(r.nextInt(l.chunkTrees.size()));
                long from = t.start() + (r.nextBoolean() ? 0 : r.nextLong(t.end() - t.start()));
                long len = Math.min(t.end() - from, 1L << (3 + r.nextInt(8)));
                spec.zero(from, len);
                what = len + " bytes zeroed in " + t.what() + " at " + t.start() + " (from " + from + ")";
            }
            case "record-size", "record-mask" -> {
                boolean size = op.equals("record-size");
                List<Long> fields = size ? l.chunkSizeFields : l.chunkMaskFields;
                long f = fields.get(r.nextInt(fields.size()));
                long old = Integer.toUnsignedLong(b.getInt((int) f));
                long v = size ? new long[] {0, 1, 2, old - 1, old + 1, old + 7, 2 * old, 0x7fffffffL, 0xffffffffL, l.bytes.length,
                    old / 2}[r.nextInt(11)]
                        : new long[] {1, 2, 3, 4, 7, 0x80000000L, 0xffffffffL, 0xfffffffeL}[r.nextInt(8)];
                spec.patch(f, le(v, 4));
                what = "chunk record at " + f + ": " + (size ? "stored size " : "filter mask 0x") + (size ? Long.toString(v)
                        : Long.toHexString(v)) + " (was " + old + ")";
            }
            case "record-offset" -> {
                long f = l.chunkOffsetFields.get(r.nextInt(l.chunkOffsetFields.size()));
                long old = b.getLong((int) f);
                long v = new long[] {old + 1, old - 1, -1, Long.MAX_VALUE, 1L << 32, old * 2 + 64, 0}[r.nextInt(7)];
                spec.patch(f, le(v, 8));
                what = "chunk record offset field at " + f + " = " + v + " (was " + old + ")";
            }
            case "record-address" -> {
                long f = l.chunkChildFields.get(r.nextInt(l.chunkChildFields.size()));
                long old = b.getLong((int) f);
                long other = l.chunks.get(r.nextInt(l.chunks.size())).start();
                long v = new long[] {0, -1, old + 1, old - 1, other, l.bytes.length, l.bytes.length - 8, 1L << 40,
                    l.chunkTrees.get(0).start()}[r.nextInt(9)];
                spec.patch(f, le(v, 8));
                what = "chunk B-tree child address at " + f + " = " + v + " (was " + old + ")";
            }
            default -> { // data-flip, data-zero: inside one chunk's stored bytes
                Hdf5Layout.Region c = l.chunks.get(r.nextInt(l.chunks.size()));
                long len = c.end() - c.start();
                byte[] stored = java.util.Arrays.copyOfRange(l.bytes, (int) c.start(), (int) c.end()); // as mutated
                if (op.equals("data-zero")) {
                    long from = c.start() + r.nextLong(len);
                    long n = Math.min(c.end() - from, 1L << (2 + r.nextInt(8)));
                    spec.zero(from, n);
                    java.util.Arrays.fill(stored, (int) (from - c.start()), (int) (from - c.start() + n), (byte) 0);
                    what = n + " bytes zeroed in " + c.what() + " at " + from + " (chunk of " + len + " bytes)";
                } else {
                    int n = 1 + Math.min(7, Long.numberOfTrailingZeros(r.nextLong() | (1L << 7)));
                    List<String> at = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        int where = r.nextInt(10); // the zlib header, the checksum at the end, or anywhere
                        long p = where == 0 ? c.start() + r.nextLong(Math.min(2, len)) : where == 1 ? c.end() - 1 - r.nextLong(Math.min(4, len))
                                : c.start() + r.nextLong(len);
                        byte old = l.bytes[(int) p];
                        byte v = r.nextInt(100) < 60 ? (byte) (old ^ (1 << r.nextInt(8))) : (byte) r.nextInt(256);
                        spec.patch(p, new byte[] {v == old ? (byte) ~old : v});
                        stored[(int) (p - c.start())] = v == old ? (byte) ~old : v;
                        at.add(Long.toString(p - c.start()));
                    }
                    what = n + " byte flip(s) in " + c.what() + " (" + len + " bytes) at +" + String.join(" +", at);
                }
                String path = c.what().substring(c.what().indexOf(" of ") + 4);
                List<Integer> filters = l.chunkFilters.getOrDefault(path, List.of());
                if (!stillDecodes(stored, filters)) {
                    refuse = path.endsWith("/spike_times") || path.endsWith("/spike_times_index") ? SPIKE_READERS
                            : path.endsWith(DG.substring(1) + "/start_time") || path.endsWith(DG.substring(1) + "/stop_time") ? PRESENTATION_READERS
                            : path.startsWith(DFF) || path.equals(NI + "/start_time") ? Set.of("align-dff") : Set.of(); // align-dff reads no stop_time
                }
            }
        }
        return new Mutant(index, "chunk", spec.toString(), op + ": " + what, refuse);
    }

    /**
     * True if the damaged stored bytes of a chunk pass the checks the decoder makes: its fletcher32 checksum (if the
     * pipeline has one) and, if it is deflated, a complete zlib stream with its adler32. Damage can leave both intact:
     * a back-reference moved to another run of zeros decodes to the same bytes, a zero word and 0xffff are equal
     * for Fletcher-32. Such a chunk is no bad data, and a command may accept it.
     */
    static boolean stillDecodes(byte[] stored, List<Integer> filters) {
        if (!filters.contains(1) && !filters.contains(3)) {
            return true; // no checksum: any bytes decode
        }
        int body = stored.length;
        if (filters.contains(3)) {
            if (body < 4) {
                return false;
            }
            body -= 4;
            int sum = fletcher32(stored, body);
            int want = ByteBuffer.wrap(stored, body, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (want != sum && want != (((sum & 0x00ff00ff) << 8) | ((sum >>> 8) & 0x00ff00ff))) {
                return false;
            }
        }
        if (filters.contains(1)) {
            java.util.zip.Inflater inf = new java.util.zip.Inflater();
            try {
                inf.setInput(stored, 0, body);
                byte[] out = new byte[1 << 16];
                while (!inf.finished()) {
                    if (inf.inflate(out) == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        return false;
                    }
                }
            } catch (java.util.zip.DataFormatException e) {
                return false;
            } finally {
                inf.end();
            }
        }
        return true;
    }

    /** HDF5's Fletcher-32 (H5_checksum_fletcher32), as the reader checks it. */
    private static int fletcher32(byte[] d, int length) {
        long sum1 = 0;
        long sum2 = 0;
        int at = 0;
        for (int words = length / 2; words > 0;) {
            int n = Math.min(words, 360);
            words -= n;
            for (int k = 0; k < n; k++, at += 2) {
                sum1 += ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        if (length % 2 != 0) {
            sum1 += (d[at] & 0xff) << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        return (int) ((sum2 << 16) | sum1);
    }

    private static String fieldName(Hdf5Layout l, long at) {
        String best = "data";
        long bestStart = -1;
        for (Hdf5Layout.Region g : l.regions) {
            if (g.start() <= at && at < g.end() && g.start() >= bestStart) {
                best = g.what();
                bestStart = g.start();
            }
        }
        return best;
    }

    private Mutant utf8(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec, String sample) {
        List<Hdf5Layout.Region> strings = l.heapObjects.stream().filter(g -> g.end() > g.start()).toList();
        if (strings.isEmpty()) {
            return semantic(index, r, l, spec, sample);
        }
        Hdf5Layout.Region g = strings.get(r.nextInt(strings.size()));
        long len = g.end() - g.start();
        byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {0}};
        byte[] v = bad[r.nextInt(bad.length)];
        long at = g.start() + (v.length >= len ? 0 : r.nextLong(len - v.length + 1));
        if (r.nextBoolean()) {
            at = g.end() - Math.min(len, v.length); // at the end: a truncated sequence
        }
        spec.patch(at, v.length > len ? java.util.Arrays.copyOf(v, (int) len) : v);
        return new Mutant(index, "utf8", spec.toString(), "bytes " + java.util.HexFormat.of().formatHex(v) + " in " + g.what()
                + " at " + at, Set.of());
    }

    // ---------------------------------------------------------------------------------------------------- semantic

    private Mutant semantic(long index, SplittableRandom r, Hdf5Layout l, Mutant.Spec spec, String sample) {
        boolean ophys = sample.equals("ophys");
        String[] ops = ophys
                ? new String[] {"pres-start-nonfinite", "pres-stop-nonfinite", "pres-reversed", "dff-ts-nan", "dff-ts-decreasing",
                    "dff-ts-dense", "dff-ts-huge", "rois-extreme", "int-extreme", "float-nonfinite"}
                : new String[] {"spike-nonfinite", "spike-unsorted", "index-decreasing", "index-past-end", "index-huge",
                    "pres-start-nonfinite", "pres-stop-nonfinite", "pres-reversed", "int-extreme", "float-nonfinite"};
        String op = ops[r.nextInt(ops.length)];
        if (sample.equals("tiny") && op.startsWith("pres-")) {
            op = "spike-nonfinite";
        }
        ByteBuffer b = ByteBuffer.wrap(l.bytes).order(ByteOrder.LITTLE_ENDIAN);
        String what;
        Set<String> refuse = Set.of();
        switch (op) {
            case "spike-nonfinite" -> {
                Hdf5Layout.Data d = l.data.get("/units/spike_times");
                long i = r.nextLong(d.count());
                double v = nonFinite(r);
                spec.patch(d.elementAt(i), le(Double.doubleToRawLongBits(v), 8));
                what = "/units/spike_times[" + i + "] = " + v;
                refuse = SPIKE_READERS;
            }
            case "spike-unsorted" -> {
                Hdf5Layout.Data d = l.data.get("/units/spike_times");
                long[] idx = values(b, l.data.get("/units/spike_times_index"));
                long i = -1;
                for (int tries = 0; tries < 100 && i < 0; tries++) {
                    long j = r.nextLong(d.count() - 1);
                    if (sameUnit(idx, j, j + 1) && b.getDouble((int) d.elementAt(j)) != b.getDouble((int) d.elementAt(j + 1))) {
                        i = j;
                    }
                }
                if (i < 0) {
                    return semantic(index, r, l, spec, sample);
                }
                spec.patch(d.elementAt(i), le(b.getLong((int) d.elementAt(i + 1)), 8));
                spec.patch(d.elementAt(i + 1), le(b.getLong((int) d.elementAt(i)), 8));
                what = "/units/spike_times[" + i + "] and [" + (i + 1) + "] swapped (same unit)";
                refuse = SPIKE_READERS;
            }
            case "index-decreasing", "index-past-end", "index-huge" -> {
                Hdf5Layout.Data d = l.data.get("/units/spike_times_index");
                long[] idx = values(b, d);
                long spikes = l.data.get("/units/spike_times").count();
                int k;
                long v;
                if (op.equals("index-decreasing")) {
                    k = 1 + r.nextInt(idx.length - 1);
                    v = Math.max(0, idx[k - 1] - 1 - r.nextInt(3));
                    if (v >= idx[k - 1]) { // idx[k-1] is 0: make the earlier one larger instead
                        k = k - 1;
                        v = idx[k + 1] + 1;
                    }
                } else if (op.equals("index-past-end")) {
                    k = idx.length - 1;
                    v = spikes + 1 + r.nextInt(1000);
                } else {
                    k = r.nextInt(idx.length);
                    v = -1; // all ones: the largest value of the element type
                }
                v = clamp(v, d.elementSize());
                spec.patch(d.elementAt(k), le(v, d.elementSize()));
                what = "/units/spike_times_index[" + k + "] = " + (v == -1 ? "max" : Long.toString(v)) + " (was " + idx[k] + ", "
                        + spikes + " spikes)";
                refuse = Set.of("info", "counts", "spike-times", "bin", "psth", "condition-stats");
            }
            case "pres-start-nonfinite", "pres-stop-nonfinite", "pres-reversed" -> {
                String table = ophys ? NI : r.nextInt(100) < 80 ? DG : "/intervals/flashes_presentations";
                Hdf5Layout.Data start = l.data.get(table + "/start_time");
                Hdf5Layout.Data stop = l.data.get(table + "/stop_time");
                long row = r.nextLong(start.count());
                boolean selected = table.equals(DG) || table.equals(NI);
                if (op.equals("pres-reversed")) {
                    spec.patch(start.elementAt(row), le(b.getLong((int) stop.elementAt(row)), 8));
                    spec.patch(stop.elementAt(row), le(b.getLong((int) start.elementAt(row)), 8));
                    what = table + " row " + row + ": start_time and stop_time swapped";
                } else {
                    Hdf5Layout.Data d = op.equals("pres-start-nonfinite") ? start : stop;
                    double v = nonFinite(r);
                    spec.patch(d.elementAt(row), le(Double.doubleToRawLongBits(v), 8));
                    what = d.path() + "[" + row + "] = " + v;
                    if (selected) {
                        refuse = op.equals("pres-start-nonfinite") ? Set.of("counts", "spike-times", "align-dff", "psth", "condition-stats")
                                : Set.of("spike-times");
                    }
                }
            }
            case "dff-ts-nan", "dff-ts-decreasing", "dff-ts-dense", "dff-ts-huge" -> {
                Hdf5Layout.Data d = l.data.get(DFF + "/timestamps");
                long n = d.count();
                if (op.equals("dff-ts-nan")) {
                    long i = r.nextLong(n);
                    spec.patch(d.elementAt(i), le(Double.doubleToRawLongBits(Double.NaN), 8));
                    what = DFF + "/timestamps[" + i + "] = NaN";
                    refuse = Set.of("align-dff");
                } else if (op.equals("dff-ts-decreasing")) {
                    long i = 1 + r.nextLong(n - 1);
                    spec.patch(d.elementAt(i), le(Double.doubleToRawLongBits(b.getDouble((int) d.elementAt(i - 1)) - 1.0), 8));
                    what = DFF + "/timestamps[" + i + "] = timestamps[" + (i - 1) + "] - 1";
                    refuse = Set.of("align-dff");
                } else {
                    double t0 = b.getDouble((int) d.elementAt(0));
                    boolean dense = op.equals("dff-ts-dense");
                    spec.fill(d.address(), n, dense ? t0 : 0, dense ? 1e-9 : 1e300);
                    what = DFF + "/timestamps rewritten " + (op.equals("dff-ts-dense") ? "t0 + i * 1e-9 (a dense grid)" : "i * 1e300");
                }
            }
            case "rois-extreme" -> {
                Hdf5Layout.Data d = l.data.get(DFF + "/rois");
                long i = r.nextLong(d.count());
                long v = new long[] {-1, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 12}[r.nextInt(6)];
                spec.patch(d.elementAt(i), le(v, 8));
                what = DFF + "/rois[" + i + "] = " + v;
            }
            case "int-extreme" -> {
                List<Hdf5Layout.Data> ints = l.data.values().stream().filter(x -> x.kind() != 'f').toList();
                Hdf5Layout.Data d = ints.get(r.nextInt(ints.size()));
                long i = r.nextLong(d.count());
                long v = new long[] {-1, 0, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32}[r.nextInt(6)];
                spec.patch(d.elementAt(i), le(v, d.elementSize()));
                what = d.path() + "[" + i + "] = 0x" + Long.toHexString(v) + " (" + d.elementSize() + " bytes)";
            }
            default -> {
                List<Hdf5Layout.Data> floats = l.data.values().stream().filter(x -> x.kind() == 'f' && x.elementSize() == 8).toList();
                Hdf5Layout.Data d = floats.get(r.nextInt(floats.size()));
                long i = r.nextLong(d.count());
                double v = nonFinite(r);
                spec.patch(d.elementAt(i), le(Double.doubleToRawLongBits(v), 8));
                what = d.path() + "[" + i + "] = " + v;
                if (d.path().equals("/units/spike_times")) {
                    refuse = SPIKE_READERS;
                } else if (d.path().equals(DG + "/start_time") || d.path().equals(NI + "/start_time")) {
                    refuse = Set.of("counts", "spike-times", "align-dff", "psth", "condition-stats");
                } else if (d.path().equals(DG + "/stop_time")) {
                    refuse = Set.of("spike-times");
                } else if (d.path().equals(DFF + "/timestamps")) {
                    refuse = Set.of("align-dff");
                }
            }
        }
        return new Mutant(index, "semantic", spec.toString(), op + ": " + what, refuse);
    }

    private static double nonFinite(SplittableRandom r) {
        return new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}[r.nextInt(3)];
    }

    private static boolean sameUnit(long[] idx, long a, long b) {
        long lo = 0;
        for (long end : idx) {
            if (a >= lo && a < end) {
                return b >= lo && b < end;
            }
            lo = end;
        }
        return false;
    }

    private static long[] values(ByteBuffer b, Hdf5Layout.Data d) {
        long[] v = new long[(int) d.count()];
        for (int i = 0; i < v.length; i++) {
            int at = (int) d.elementAt(i);
            v[i] = switch (d.elementSize()) {
                case 1 -> Byte.toUnsignedLong(b.get(at));
                case 2 -> Short.toUnsignedLong(b.getShort(at));
                case 4 -> Integer.toUnsignedLong(b.getInt(at));
                default -> b.getLong(at);
            };
        }
        return v;
    }

    private static long clamp(long v, int size) {
        if (v == -1 || size == 8) {
            return v;
        }
        long max = (1L << (8 * size)) - 1;
        return Math.min(v, max);
    }

    static byte[] le(long v, int width) {
        byte[] out = new byte[width];
        for (int i = 0; i < width; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }
}
