package org.ragtime.engine;

/** Placeholder until the native backend lands: says so. */
final class NativeKernels {
    private NativeKernels() {
    }

    static KernelProvider create() {
        throw new UnsupportedOperationException("native kernels are not in this build yet");
    }
}
