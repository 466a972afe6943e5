package org.ragtime.engine.codec;

import java.lang.foreign.MemorySegment;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** {@link Zlib} on {@code java.util.zip.Inflater}, one reusable inflater per thread. */
final class JdkZlib implements Zlib {
    static final JdkZlib INSTANCE = new JdkZlib();

    // Inflater holds a native z_stream: reuse it per thread rather than allocating one per chunk.
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private JdkZlib() {
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
