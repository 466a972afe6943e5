"""What the Python session classes share: opening one of Ragtime's Java entry points on an NWB file, closing it
(explicitly, with ``with``, or when collected) and AllenSDK's ``from_nwb_path`` constructor."""
import os
import weakref

from ._jvm import J, java_errors


class NwbFile:
    """A Java entry point (``EcephysSession``, ``OphysExperiment``: classes with ``open(Path[, threads])``,
    ``kernels(provider, threads)`` and ``close()``) open on the NWB file at ``path``."""

    _java_class = None  # the Java class name, set by each subclass

    def __init__(self, path, threads=None):
        """Opens ``path`` (structure only; data are read when an analysis needs them). ``threads``: worker
        threads for chunk decoding and the kernels (default: the JVM's, all cores)."""
        self.path = os.fspath(path)
        if threads is not None and int(threads) < 1:
            raise ValueError("threads must be at least 1, got %r" % (threads,))
        Path = J("java.nio.file.Path")
        cls = J(self._java_class)
        with java_errors():
            if threads is None:
                self._java = cls.open(Path.of(self.path))
            else:
                self._java = cls.open(Path.of(self.path), int(threads))
                self._java.kernels(J("org.ragtime.engine.KernelProvider").get, int(threads))
        # an unclosed file is closed when it is collected (the JVM does not see the file mapping's cost)
        self._closer = weakref.finalize(self, self._java.close)
        self._closer.atexit = False

    @classmethod
    def from_nwb_path(cls, path, **kwargs):
        """AllenSDK's constructor name: the same as calling the class."""
        return cls(path, **kwargs)

    def close(self):
        """Unmaps the file. Results already returned stay valid (they own their memory)."""
        if self._java is not None:
            self._closer()
            self._java = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "ragtime.%s(%r)" % (type(self).__name__, self.path)

    def _session(self):
        if self._java is None:
            raise ValueError("the session is closed")
        return self._java
