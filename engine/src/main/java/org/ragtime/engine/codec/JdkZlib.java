package org.ragtime.engine.codec;

import java.lang.foreign.MemorySegment;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** {@link Zlib} on {@code java.util.zip.Inflater} and {@code Deflater}, one reusable inflater and deflater per thread. */
final class JdkZlib implements Zlib {
    static final JdkZlib INSTANCE = new JdkZlib();

    // Inflater holds a native z_stream: reuse it per thread rather than allocating one per chunk.
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(Deflater::new);

    private JdkZlib() {
    }

    @Override
    public long deflate(MemorySegment in, MemorySegment out, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("zlib level " + level + " is not 0..9");
        }
        if (out.byteSize() < Zlib.maxDeflated(in.byteSize())) {
            throw new IllegalArgumentException("output of " + out.byteSize() + " bytes may not hold " + in.byteSize() + " bytes compressed");
        }
        Deflater d = DEFLATER.get();
        d.reset();
        d.setLevel(level);
        d.setInput(in.asByteBuffer());
        d.finish();
        var dst = out.asByteBuffer();
        while (!d.finished()) {
            if (d.deflate(dst) == 0 && !dst.hasRemaining()) {
                throw new IllegalStateException("zlib output exceeded its bound (" + out.byteSize() + " bytes)");
            }
        }
        return dst.position();
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public long inflate(MemorySegment in, MemorySegment out) {
        Inflater inf = INFLATER.get();
        inf.reset();
        inf.setInput(in.asByteBuffer());
        var dst = out.asByteBuffer();
        try {
            while (!inf.finished()) {
                long read = inf.getBytesRead();
                int n = inf.inflate(dst);
                if (n == 0 && inf.getBytesRead() == read && !inf.finished()) { // no progress: say why
                    if (inf.needsDictionary()) {
                        throw new CorruptStreamException("zlib stream needs a preset dictionary");
                    }
                    if (!dst.hasRemaining()) {
                        throw new CorruptStreamException("zlib stream inflates to more than " + out.byteSize() + " bytes");
                    }
                    if (inf.needsInput()) {
                        throw new CorruptStreamException("zlib stream truncated after " + in.byteSize() + " bytes");
                    }
                }
            }
        } catch (DataFormatException e) {
            throw new CorruptStreamException("bad zlib stream: " + e.getMessage());
        }
        return dst.position();
    }
}
