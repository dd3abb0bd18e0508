"""Course tools (doc/labs.md): solution markers, handouts, hand-in, the autograder's results.
Unscored: the Course line of make grade shows 0/0; they fail the run like any test."""
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.lab("Course")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "conf"))
import markers  # noqa: E402

GOOD_PAIR = """int
f(int x)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: return twice x.
    return 2 * x;
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, x);
    // LAB 2: END SOLUTION
}
"""


def check_text(tmp_path, text):
    path = tmp_path / "f.cpp"
    path.write_text(text)
    return markers.check(str(tmp_path), ["f.cpp"], [1, 2, 3], required=False)


def run_check_markers(tmp_path, text):
    """conf/markers.py check on one file, as make check-markers runs it."""
    path = tmp_path / "f.cpp"
    path.write_text(text)
    return subprocess.run([sys.executable, os.path.join(ROOT, "conf/markers.py"), "check", str(path)],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.mark.points(0)
def test_check_markers_accepts_a_well_formed_pair(tmp_path):
    r = run_check_markers(tmp_path, GOOD_PAIR)
    assert r.returncode == 0, r.stderr


@pytest.mark.points(0)
def test_check_markers_rejects_a_nested_pair(tmp_path):
    nested = GOOD_PAIR.replace("    return 2 * x;\n",
                               "    // LAB 3: BEGIN SOLUTION\n    // HINT: h\n    return 2 * x;\n"
                               "    // LAB 3: STUB\n    // return 0;\n    // LAB 3: END SOLUTION\n")
    r = run_check_markers(tmp_path, nested)
    assert r.returncode != 0 and "nested pair" in r.stderr, r.stderr


@pytest.mark.points(0)
def test_check_markers_rejects_a_crossed_pair(tmp_path):
    crossed = GOOD_PAIR.replace("    // LAB 2: END SOLUTION\n", "    // LAB 3: END SOLUTION\n")
    r = run_check_markers(tmp_path, crossed)
    assert r.returncode != 0 and "crossed pairs" in r.stderr, r.stderr


@pytest.mark.points(0)
def test_check_markers_rejects_a_stub_without_a_body(tmp_path):
    empty = GOOD_PAIR.replace("    // NOT_IMPLEMENTED(2, x);\n", "")
    r = run_check_markers(tmp_path, empty)
    assert r.returncode != 0 and "STUB has no body" in r.stderr, r.stderr


@pytest.mark.points(0)
def test_check_markers_rejects_a_pair_crossing_a_block(tmp_path):
    crossing = GOOD_PAIR.replace("    return 2 * x;\n", "    return 2 * x;\n}\n\nint\ng()\n")
    assert any("unbalanced braces" in e for e in check_text(tmp_path, crossing))


@pytest.mark.points(0)
def test_check_markers_rejects_a_pair_without_a_hint(tmp_path):
    assert any("HINT" in e for e in check_text(tmp_path, GOOD_PAIR.replace("    // HINT: return twice x.\n", "")))


@pytest.mark.points(0)
def test_the_tree_obeys_the_marker_rules():
    r = subprocess.run([sys.executable, os.path.join(ROOT, "conf/markers.py"), "check"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.points(0)
def test_handout_form_keeps_earlier_labs_and_stubs_the_rest():
    lines = GOOD_PAIR.split("\n")
    pairs, errors = markers.parse("f.cpp", lines)
    assert not errors
    kept = "\n".join(markers.handout_lines(lines, pairs, 3))
    # An earlier lab's solution stays, with its HINT lines, without the markers and the stub.
    assert "return 2 * x;" in kept and "HINT" in kept and "LAB" not in kept and "NOT_IMPL" not in kept
    stubbed = "\n".join(markers.handout_lines(lines, pairs, 2))
    assert "    // LAB 2: Your code here.\n    // HINT: return twice x.\n    NOT_IMPLEMENTED(2, x);\n}" in stubbed
    assert "2 * x" not in stubbed
