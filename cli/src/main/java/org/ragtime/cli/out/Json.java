package org.ragtime.cli.out;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain JSON values (maps, lists, arrays of numbers, strings, booleans, null) with jackson-core.
 * Maps keep their iteration order, so use a LinkedHashMap for a stable key order. Non-finite doubles are
 * written as null (JSON has no NaN).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Writes {@code value} to {@code file}, pretty-printed when {@code pretty}. */
    public static void write(Path file, Object value, boolean pretty) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, value, pretty);
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(file, e);
        } catch (UncheckedIOException e) {
            throw AtomicOutputs.writeFailed(file, e.getCause());
        }
    }

    /** Writes {@code value} to a stream (left open) followed by a newline. */
    public static void write(OutputStream out, Object value, boolean pretty) {
        try {
            JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            value(g, value);
            g.flush();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Double d -> number(g, d);
            case Float f -> number(g, f);
            case Number n -> g.writeNumber(n.longValue());
            case double[] a -> {
                g.writeStartArray();
                for (double d : a) {
                    number(g, d);
                }
                g.writeEndArray();
            }
            case long[] a -> g.writeArray(a, 0, a.length);
            case int[] a -> g.writeArray(a, 0, a.length);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case Object[] a -> {
                g.writeStartArray();
                for (Object o : a) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            default -> g.writeString(v.toString());
        }
    }

    private static void number(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeNull();
        }
    }

    /** A JSON file as maps, lists, longs, doubles, strings, booleans and nulls (the reverse of {@link #write}). */
    public static Object read(Path file) {
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            p.nextToken();
            return read(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The value at the parser's current token. */
    static Object read(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, read(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                java.util.List<Object> l = new java.util.ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                yield l;
            }
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
            default -> null;
        };
    }
}
