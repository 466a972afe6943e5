"""docs/python.md's Python blocks run as written, one after the other in one namespace (as a notebook would),
from the repository root."""
import contextlib
import io
import os
import re
import unittest
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blocks(path):
    """The ```python blocks of a Markdown file, in order."""
    with open(path, encoding="utf-8") as f:
        return re.findall(r"^```python\n(.*?)^```", f.read(), re.S | re.M)


class DocsTest(unittest.TestCase):
    def test_the_python_page_runs_as_written(self):
        code = blocks(os.path.join(ROOT, "docs", "python.md"))
        self.assertGreaterEqual(len(code), 3, "is the extraction broken?")
        namespace = {"__name__": "__docs__"}
        out = io.StringIO()
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            with contextlib.redirect_stdout(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for i, block in enumerate(code):
                    exec(compile(block, "docs/python.md block %d" % (i + 1), "exec"), namespace)
        finally:
            os.chdir(cwd)
        printed = out.getvalue()
        # what the page says the prints show
        self.assertIn("spike_counts ('stimulus_presentation_id', 'time_relative_to_stimulus_onset', 'unit_id') uint16",
                      printed)
        self.assertIn("ragtime: data/nwb/generated/allensdk_style_ecephys_session.nwb: /intervals: no stimulus "
                      "'natural_scenes'", printed)
        self.assertIn("('cell_specimen_id', 'event_time', 'time') ('cell_specimen_id',)", printed)
        self.assertEqual(namespace["trial_mean"].dims, ("cell_specimen_id", "time"))


if __name__ == "__main__":
    unittest.main()
