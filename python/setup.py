"""Records the Ragtime repository this package was installed from (ragtime/_home.py), so an installed copy
finds the jars and the native library without RAGTIME_HOME. Metadata is in pyproject.toml."""
import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """build_py that also writes ragtime/_home.py with the repository root (the parent of this directory)."""

    def run(self):
        super().run()
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if os.path.isfile(os.path.join(root, "ragtime")) and os.path.isfile(os.path.join(root, "pom.xml")):
            target = os.path.join(self.build_lib, "ragtime", "_home.py")
            with open(target, "w", encoding="utf-8") as f:
                f.write('"""Written at install time: the Ragtime repository this package came from."""\n')
                f.write("HOME = %r\n" % root)


setup(cmdclass={"build_py": BuildPy})
