/**
 * Ragtime's engine: pure kernels over memory segments (spike counts, session binning, PSTHs, dF/F
 * alignment, presentation-wise statistics, columnar tables and the codecs the reader uses).
 *
 * <p>Exports only the API. The backends, the native bindings, the thread split and the spike walks live in
 * {@code org.ragtime.engine.internal}, which is not exported; reach them through {@link
 * org.ragtime.engine.KernelProvider}.
 *
 * <p>{@code jdk.incubator.vector} is a static requirement: it is read only when the JVM adds it
 * ({@code --add-modules jdk.incubator.vector}), and without it the vector backend reports why and the
 * others run. The native backend calls restricted FFM methods, so a JVM running this module on the module
 * path needs {@code --enable-native-access=org.ragtime.engine} (on the class path, as Ragtime's own
 * launcher, tests and benchmarks run it: {@code ALL-UNNAMED}).
 */
module org.ragtime.engine {
    requires static jdk.incubator.vector;
    requires org.agrona;
    requires transitive roaringbitmap; // Selection.bitmap() returns a RoaringBitmap

    exports org.ragtime.engine;
    exports org.ragtime.engine.align;
    exports org.ragtime.engine.behavior;
    exports org.ragtime.engine.codec;
    exports org.ragtime.engine.stats;
    exports org.ragtime.engine.table;
}
