package org.ragtime.cli.out;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;

/**
 * NumPy {@code .npy} files (format version 1.0, C order, little-endian): {@link #create} writes the header
 * and maps the data region read-write, so kernels write their output straight into the file's pages with
 * no intermediate buffer or copy.
 */
public final class Npy {
    private Npy() {
    }

    /** The header (magic, version, length, dict, padding to a 64-byte boundary). */
    static byte[] header(Dtype dtype, long... shape) {
        StringBuilder s = new StringBuilder();
        for (long d : shape) {
            s.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : s.substring(0, s.length() - 2)) + ")";
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder h = new StringBuilder(dict);
        while (10 + h.length() + 1 < total) {
            h.append(' ');
        }
        h.append('\n');
        byte[] body = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + body.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (body.length & 0xff);
        out[9] = (byte) (body.length >>> 8);
        System.arraycopy(body, 0, out, 10, body.length);
        return out;
    }

    /**
     * Creates {@code file} holding an array of the given dtype and shape and returns its data region
     * mapped read-write in {@code arena} (zero-filled by the file system). Little-endian only: this is
     * the native order on every platform Ragtime runs on, checked here.
     */
    public static MemorySegment create(Path file, Arena arena, Dtype dtype, long... shape) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("Ragtime writes .npy files on little-endian machines only");
        }
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        byte[] header = header(dtype, shape);
        long dataBytes = Math.multiplyExact(n, (long) dtype.bytes());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(header), 0);
            if (dataBytes == 0) {
                return MemorySegment.NULL;
            }
            // reserve the file's blocks before mapping: a page of a sparse file that the disk cannot hold
            // would kill the process with SIGBUS when a kernel writes it
            reserve(ch, file, header.length + dataBytes);
            return ch.map(FileChannel.MapMode.READ_WRITE, header.length, dataBytes, arena);
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(file, e);
        }
    }

    /**
     * Makes {@code file} {@code bytes} long with every block allocated: posix_fallocate, or, where the file
     * system does not support it, zeros written from the current end. A disk too small is one clear error.
     */
    static void reserve(FileChannel ch, Path file, long bytes) throws IOException {
        long free = AtomicOutputs.free(file);
        if (Libc.available()) {
            try (Libc.Fd fd = Libc.openWrite(file)) {
                if (fd.ok()) {
                    int rc = Libc.fallocate(fd.fd(), 0, bytes);
                    if (rc == 0) {
                        return;
                    }
                    if (rc == Libc.ENOSPC || rc == Libc.EDQUOT) {
                        throw noSpace(file, bytes, free);
                    }
                    if (rc == Libc.EFBIG) {
                        String msg = String.format(java.util.Locale.ROOT, "%s: the file would exceed the largest file size"
                                + " allowed here (ulimit -f, or the file system's maximum): needs %,d bytes", AtomicOutputs.describe(file), bytes);
                        throw new UncheckedIOException(msg, new IOException(msg));
                    }
                    if (rc != Libc.EOPNOTSUPP && rc != Libc.ENOSYS && rc != Libc.EINVAL) {
                        throw new IOException(Libc.strerror(rc));
                    }
                }
            }
        }
        java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 20);
        long pos = ch.size();
        try {
            while (pos < bytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - pos));
                pos += ch.write(zeros, pos);
            }
        } catch (IOException e) {
            String r = String.valueOf(e.getMessage());
            if (r.contains("No space left on device") || r.contains("Disk quota exceeded")) {
                throw noSpace(file, bytes, free);
            }
            throw e;
        }
    }

    private static UncheckedIOException noSpace(Path file, long needs, long free) {
        String msg = String.format(java.util.Locale.ROOT, "%s: not enough space on the device: needs %,d bytes, %,d free",
                AtomicOutputs.describe(file), needs, free);
        return new UncheckedIOException(msg, new IOException(msg));
    }

    /**
     * Memory for an analysis result that is the data region of {@code file}, created as a .npy of the result's
     * dtype and shape and mapped in {@code arena} (see {@link #create}): the kernels write straight into the
     * file. Asked again (a count widened), it rewrites the file for the new dtype.
     */
    public static LabelledArray.Memory into(Path file, Arena arena) {
        return (dtype, shape) -> create(file, arena, dtype, shape);
    }

    /** Writes a small array held on the heap. */
    public static void write(Path file, double[] values, long... shape) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = create(file, arena, Dtype.FLOAT64, shape);
            MemorySegment.copy(MemorySegment.ofArray(values), 0, seg, 0, (long) values.length * 8);
        }
    }
}
