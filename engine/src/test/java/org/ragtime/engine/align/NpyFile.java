package org.ragtime.engine.align;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the .npy files the numpy reference writes: little-endian float64 or int64, C order. */
public record NpyFile(long[] shape, double[] data) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|>][a-z]\\d)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Reads {@code p}. */
    public static NpyFile read(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int major = b.get(6);
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b.array(), start, headerLen, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) {
            throw new IOException(p + ": Fortran order");
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IOException(p + ": unreadable header " + header);
        }
        long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (x, y) -> x * y));
        b.position(start + headerLen);
        double[] data = new double[n];
        switch (d.group(1)) {
            case "<f8" -> b.asDoubleBuffer().get(data);
            case "<i8" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = b.getLong();
                }
            }
            default -> throw new IOException(p + ": dtype " + d.group(1));
        }
        return new NpyFile(shape, data);
    }
}
