"""Finding Ragtime and a JDK 25, starting the JVM in this process (JPype), and turning Java errors into Python ones.

The JVM is started once per Python process, on first use or by :func:`start_jvm`, with the flags the
launcher ``./ragtime`` uses (``--enable-native-access=ALL-UNNAMED``, ``-Dragtime.native.dir``,
``-Dragtime.home``; ``--add-modules jdk.incubator.vector`` only where the Vector API is used, as the
launcher decides). JPype cannot restart a JVM, so the settings of the first start hold for the process.
"""
import contextlib
import glob
import os
import re
import shutil
import subprocess
import sys

import jpype

_started_by_us = False
_classes = {}


class RagtimeError(ValueError):
    """Bad input (a ``BadInputException`` in Java, exit status 2 on the command line).

    ``str(error)`` is the one-line message naming the file, the HDF5 path and the problem; ``error.line``
    is the exact line the command line prints on stderr for the same input (``ragtime: `` + message).
    """

    def __init__(self, message):
        super().__init__(message)
        self.line = "ragtime: " + message


class RagtimeInternalError(RuntimeError):
    """Anything else Java raised (exit status 1 on the command line); the message is the Java exception's."""

    def __init__(self, message):
        super().__init__(message)
        self.line = "ragtime: " + message


class RagtimeSetupError(RuntimeError):
    """Ragtime's jars, its native library or a JDK 25 could not be found, or the JVM could not be started."""


class RagtimeWarning(UserWarning):
    """A note an analysis raised (AllenSDK's warnings, empty selections, windows that miss every spike)."""


def home():
    """The Ragtime repository root: $RAGTIME_HOME, else the source tree this package sits in, else the one
    recorded when the package was installed, else the directory of a ``ragtime`` launcher on the PATH."""
    candidates = []
    if os.environ.get("RAGTIME_HOME"):
        candidates.append(os.environ["RAGTIME_HOME"])
    here = os.path.dirname(os.path.abspath(__file__))
    candidates.append(os.path.dirname(os.path.dirname(here)))  # <root>/python/ragtime -> <root>
    try:
        from . import _home  # written by setup.py at install time
        candidates.append(_home.HOME)
    except ImportError:
        pass
    launcher = shutil.which("ragtime")
    if launcher:
        candidates.append(os.path.dirname(os.path.realpath(launcher)))
    for c in candidates:
        if os.path.isfile(os.path.join(c, "ragtime")) and os.path.isfile(os.path.join(c, "pom.xml")):
            return os.path.abspath(c)
    raise RagtimeSetupError("cannot find the Ragtime repository (looked in %s); set RAGTIME_HOME to its root"
                            % ", ".join(candidates))


def _java_major(java_home):
    release = os.path.join(java_home, "release")
    try:
        with open(release, encoding="utf-8") as f:
            m = re.search(r'^JAVA_VERSION="(\d+)', f.read(), re.M)
            return int(m.group(1)) if m else 0
    except OSError:
        return 0


def java_home():
    """A JDK 25 as the launcher finds it: $JAVA_HOME, then /usr/lib/jvm/*25*, then ``java`` on the PATH."""
    jh = os.environ.get("JAVA_HOME")
    if jh and os.access(os.path.join(jh, "bin", "java"), os.X_OK) and _java_major(jh) >= 25:
        return jh
    for c in sorted(glob.glob("/usr/lib/jvm/*25*")):
        if os.access(os.path.join(c, "bin", "java"), os.X_OK):
            return c
    java = shutil.which("java")
    if java:
        c = os.path.dirname(os.path.dirname(os.path.realpath(java)))
        if _java_major(c) >= 25:
            return c
    raise RagtimeSetupError("no JDK 25 found (set JAVA_HOME, or install one under /usr/lib/jvm)")


def _libjvm(jdk):
    for rel in ("lib/server/libjvm.so", "lib/server/libjvm.dylib", "bin/server/jvm.dll"):
        p = os.path.join(jdk, rel)
        if os.path.isfile(p):
            return p
    raise RagtimeSetupError("no libjvm in " + jdk)


def _jpype_jar():
    """JPype's own support jar: beside the Python package (PyPI wheels) or in /usr/share/java (Debian)."""
    base = os.path.dirname(os.path.dirname(os.path.abspath(jpype.__file__)))
    for p in [os.path.join(base, "org.jpype.jar"), "/usr/share/java/org.jpype.jar"] + sorted(
            glob.glob("/usr/share/java/org.jpype-*.jar")):
        if os.path.isfile(p):
            return p
    return None


def classpath(root=None):
    """The class path: $RAGTIME_CLASSPATH (os.pathsep-separated), else the launcher's shaded jar
    ``cli/target/ragtime.jar``, built with ``./ragtime --version`` when it is missing."""
    if os.environ.get("RAGTIME_CLASSPATH"):
        return [p for p in os.environ["RAGTIME_CLASSPATH"].split(os.pathsep) if p]
    root = root or home()
    jar = os.path.join(root, "cli", "target", "ragtime.jar")
    if not os.path.isfile(jar):
        # the launcher builds on first use (and again when a source changed); its messages go to stderr
        r = subprocess.run([os.path.join(root, "ragtime"), "--version"], stdout=subprocess.DEVNULL)
        if r.returncode != 0 or not os.path.isfile(jar):
            raise RagtimeSetupError("building Ragtime failed (see %s/target-build.log)" % root)
    return [jar]


def jvm_args(kernels=None, threads=None, root=None):
    """The JVM flags: the launcher's, plus the kernel backend and thread count when given."""
    root = root or home()
    native = os.environ.get("RAGTIME_NATIVE_DIR", os.path.join(root, "src-native", "target"))
    args = ["--enable-native-access=ALL-UNNAMED", "-Dragtime.native.dir=" + native, "-Dragtime.home=" + root,
            # the engine's fallback notices as one "ragtime: ..." line on stderr, as the command line prints them
            "-Djava.util.logging.SimpleFormatter.format=ragtime: %5$s%n"]
    # the launcher adds the incubator module only where the Vector API runs: the vector backend, or no native library
    if kernels == "vector" or not os.path.isfile(os.path.join(native, "libragtime.so")):
        args.append("--add-modules=jdk.incubator.vector")
    if kernels:
        args.append("-Dragtime.kernels=" + kernels)
    if threads:
        args.append("-Dragtime.threads=%d" % int(threads))
    return args


def start_jvm(kernels=None, threads=None, extra_args=()):
    """Starts the JVM with Ragtime on its class path (once per process; later calls do nothing).

    kernels: ``"scalar"``, ``"vector"`` or ``"native"`` to force a backend (default: the best available);
    threads: worker threads for every analysis (default: all cores); extra_args: more JVM flags.
    Also called on first use of any analysis. Returns the JVM's version string.
    """
    global _started_by_us
    if not jpype.isJVMStarted():
        root = home()
        cp = classpath(root)
        extra = _jpype_jar()
        if extra:
            cp = cp + [extra]
        jdk = java_home()
        try:
            jpype.startJVM(_libjvm(jdk), *jvm_args(kernels, threads, root), *extra_args, classpath=cp,
                           convertStrings=False)
        except Exception as e:  # noqa: BLE001 - JPype raises several kinds
            raise RagtimeSetupError("cannot start the JVM (%s): %s" % (jdk, e)) from e
        _started_by_us = True
    else:
        try:
            jpype.JClass("org.ragtime.io.ecephys.EcephysSession")
        except Exception as e:  # noqa: BLE001
            raise RagtimeSetupError("a JVM is already running in this process without Ragtime on its class path;"
                                    " import ragtime (or call ragtime.start_jvm) before starting it") from e
    return str(jpype.java.lang.System.getProperty("java.version"))


def J(name):
    """A Java class by its name (the JVM is started first)."""
    c = _classes.get(name)
    if c is None:
        start_jvm()
        c = _classes[name] = jpype.JClass(name)
    return c


def _message(e):
    m = e.getMessage()
    return str(m) if m is not None else str(e.getClass().getName())


def convert(e):
    """The Python exception for a Java one: RagtimeError for bad input, ValueError for an argument the Java API
    refused (IllegalArgumentException: an unknown dtype, zero threads), RagtimeInternalError otherwise."""
    if isinstance(e, J("org.ragtime.engine.BadInputException")):
        return RagtimeError(_message(e))
    if isinstance(e, J("java.lang.IllegalArgumentException")):
        return ValueError(_message(e))
    return RagtimeInternalError(str(e.toString()))


@contextlib.contextmanager
def java_errors():
    """Runs a block of Java calls, raising Java exceptions as RagtimeError / RagtimeInternalError."""
    try:
        yield
    except jpype.JException as e:
        raise convert(e) from None
