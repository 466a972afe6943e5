"""``pip install ./python`` works offline with Debian's setuptools, and the installed copy finds the repository
it came from (ragtime/_home.py) from anywhere."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PKG = os.path.join(ROOT, "python")


class InstallTest(unittest.TestCase):
    def test_pip_installs_offline_and_the_installed_copy_runs(self):
        made = [p for p in (os.path.join(PKG, "build"), os.path.join(PKG, "ragtime.egg-info")) if not os.path.exists(p)]
        try:
            with tempfile.TemporaryDirectory() as target:
                r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps",
                                    "--no-index", "--disable-pip-version-check", "--target", target, PKG],
                                   capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                with open(os.path.join(target, "ragtime", "_home.py"), encoding="utf-8") as f:
                    self.assertIn(repr(ROOT), f.read())
                env = {k: v for k, v in os.environ.items() if k != "RAGTIME_HOME"}
                env["PYTHONPATH"] = target
                code = ("import ragtime; print(ragtime.__file__); print(ragtime.home()); "
                        "print(int(ragtime.bin_spikes(%r, 1.0).sum()))"
                        % os.path.join(ROOT, "data/nwb/generated/allensdk_style_ecephys_session.nwb"))
                r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=target, env=env)
                self.assertEqual(r.returncode, 0, r.stderr)
                file, home, spikes = r.stdout.split()
                self.assertTrue(file.startswith(target), file)  # the installed copy, not the source tree
                self.assertEqual(home, ROOT)
                import h5py  # every spike lands in some bin: the file's spike count, by h5py
                with h5py.File(os.path.join(ROOT, "data/nwb/generated/allensdk_style_ecephys_session.nwb"), "r") as f:
                    self.assertEqual(int(spikes), len(f["units/spike_times"]))
        finally:
            for p in made:
                shutil.rmtree(p, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
