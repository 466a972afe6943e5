package org.ragtime.engine.internal;

import java.util.function.Supplier;

/**
 * The one lazy-initialisation idiom of Ragtime's native and Vector API bindings: a value bound on first
 * use, once per JVM, by a supplier that either returns it or throws {@link UnsupportedOperationException}
 * saying why the binding cannot be made here. The outcome, value or reason, is kept: later calls return
 * the same value or throw a new UnsupportedOperationException with the same message (and the first one as
 * its cause). Other exceptions are not kept (the next call tries again). Thread-safe; {@link #get()} is
 * one volatile read once bound.
 *
 * @param <T> the bound value
 */
public final class Lazy<T> {
    private final Supplier<? extends T> bind;
    private volatile Object outcome; // a T, or a Failed

    private record Failed(UnsupportedOperationException why) {
    }

    private Lazy(Supplier<? extends T> bind) {
        this.bind = bind;
    }

    /** A binding made by {@code bind} on first use. */
    public static <T> Lazy<T> of(Supplier<? extends T> bind) {
        return new Lazy<>(bind);
    }

    /**
     * The bound value.
     *
     * @throws UnsupportedOperationException when the binding cannot be made here; the message says why
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object o = outcome;
        if (o == null) {
            synchronized (this) {
                o = outcome;
                if (o == null) {
                    try {
                        o = bind.get();
                    } catch (UnsupportedOperationException e) {
                        o = new Failed(e);
                    }
                    outcome = o;
                }
            }
        }
        if (o instanceof Failed f) {
            throw new UnsupportedOperationException(f.why().getMessage(), f.why());
        }
        return (T) o;
    }

    /** Why the binding cannot be made (binding it first if needed), or null when it can. */
    public String problem() {
        try {
            get();
            return null;
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        }
    }
}
