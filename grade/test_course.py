"""Course tools (doc/labs.md): solution markers, handouts, hand-in, the autograder's results.
Unscored: the Course line of make grade shows 0/0; they fail the run like any test."""
import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile

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


def markers_command(*args):
    """`conf/markers.py check ARGS` (what make check-markers runs): its exit
    status and standard error. Its main() in this process: a Python of its
    own cost 0.1 s of CPU per test, to import the same module."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = markers.main([os.path.join(ROOT, "conf/markers.py"), "check", *args])
    return subprocess.CompletedProcess(args, status, stdout.getvalue(), stderr.getvalue())


def run_check_markers(tmp_path, text):
    """conf/markers.py check on one file, as make check-markers runs it."""
    path = tmp_path / "f.cpp"
    path.write_text(text)
    return markers_command(str(path))


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
    r = markers_command()
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


RESULTS_TESTS = '''
import pytest
pytestmark = pytest.mark.lab(2)

@pytest.mark.points(3)
def test_passes():
    assert True

@pytest.mark.points(2)
def test_fails():
    assert 1 + 1 == 3, "arithmetic is broken"

@pytest.mark.points(0)
def test_unscored():
    pass
'''


@pytest.mark.points(0)
def test_results_json_has_gradescope_fields_and_adds_up(tmp_path):
    """The harness (a copy of grade/'s plugins) on three tiny tests, with an xdist
    worker: the results travel to the controller, which alone writes the file.
    One worker, not two: every report crosses over all the same, and each
    worker is a Python importing pytest (0.5 s of CPU). make grade's own
    results.json comes from two."""
    grade = tmp_path / "grade"
    grade.mkdir()
    for name in os.listdir(os.path.dirname(__file__)):
        if name.endswith(".py") and not name.startswith("test_") or name == "pytest.ini":
            (grade / name).write_text(open(os.path.join(os.path.dirname(__file__), name)).read())
    (grade / "test_tiny.py").write_text(RESULTS_TESTS)
    results = tmp_path / "results.json"
    env = dict(os.environ, FLEXJOS_RESULTS_JSON=str(results))
    r = subprocess.run([sys.executable, "-m", "pytest", "-n", "1", "-p", "no:randomly", "test_tiny.py"],
                       cwd=grade, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stdout + r.stderr  # one test fails
    data = json.loads(results.read_text())
    assert data["score"] == 3 and data["execution_time"] >= 0 and data["visibility"] == "visible"
    tests = {t["name"]: t for t in data["tests"]}
    assert set(tests) == {"Lab 2: test_tiny.py::test_passes", "Lab 2: test_tiny.py::test_fails",
                          "Lab 2: test_tiny.py::test_unscored"}
    for t in tests.values():
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}
    assert sum(t["score"] for t in tests.values()) == data["score"]
    failed = tests["Lab 2: test_tiny.py::test_fails"]
    assert (failed["status"], failed["score"], failed["max_score"]) == ("failed", 0, 2)
    assert "arithmetic is broken" in failed["output"]
    assert tests["Lab 2: test_tiny.py::test_passes"]["status"] == "passed"


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=Student", "-c", "user.email=s@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


def student_repo(tmp_path):
    """A small repository shaped like a lab-3 handout, graded after its last commit."""
    repo = tmp_path / "repo"
    (repo / "conf").mkdir(parents=True)
    (repo / "conf/lab.mk").write_text("LAB_CURRENT := 3\nLABS := 1 2 3\n")
    (repo / ".gitignore").write_text("/obj/\n/handin-lab*.tar.gz\n")
    (repo / "answers-lab3.md").write_text("1. Because.\n")
    git(repo, "init", "-q", "-b", "lab3")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "lab 3")
    (repo / "obj/grade").mkdir(parents=True)
    (repo / "obj/grade/results.json").write_text(json.dumps(
        {"score": 75, "tests": [{"max_score": 80}]}))
    return repo


def handin(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "conf/handin.py"), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.points(0)
def test_handin_refuses_a_dirty_tree(tmp_path):
    repo = student_repo(tmp_path)
    (repo / "answers-lab3.md").write_text("1. Because, and more.\n")
    r = handin("handin", "--root", str(repo))
    assert r.returncode != 0 and "uncommitted changes" in r.stderr, r.stderr
    assert not (repo / "handin-lab3.tar.gz").exists()


@pytest.mark.points(0)
def test_handin_refuses_another_branch_and_stale_results(tmp_path):
    repo = student_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "experiment")
    r = handin("handin", "--root", str(repo))
    assert r.returncode != 0 and "branch lab3" in r.stderr, r.stderr
    git(repo, "checkout", "-q", "lab3")
    os.utime(repo / "obj/grade/results.json", (0, 0))
    r = handin("handin", "--root", str(repo))
    assert r.returncode != 0 and "make grade" in r.stderr, r.stderr


@pytest.mark.points(0)
def test_handin_tarball_passes_handin_check_and_a_tampered_one_does_not(tmp_path):
    repo = student_repo(tmp_path)
    r = handin("handin", "--root", str(repo))
    assert r.returncode == 0, r.stderr
    tarball = repo / "handin-lab3.tar.gz"
    r = handin("check", str(tarball))
    assert r.returncode == 0 and "lab 3" in r.stdout and "75/80" in r.stdout, r.stdout + r.stderr
    # The same tarball with a changed answer: files/ no longer matches the commit.
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tarball) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "files/answers-lab3.md":
                data = b"1. Copied.\n"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    r = handin("check", str(tampered))
    assert r.returncode != 0 and "not commit" in r.stderr, r.stderr


sys.path.insert(0, os.path.join(ROOT, "conf", "autograder"))
import submission  # noqa: E402

STAFF_KERN_MAKEFRAG = """KERN_SRCS := kern/init.cpp \\
\tkern/env.cpp

$(OBJDIR)/kern/%.o: kern/%.cpp
\t$(CXX) -c -o $@ $<
"""


def small_tree(root, makefrag=STAFF_KERN_MAKEFRAG, gnumakefile="include kern/Makefrag\n"):
    """A tree shaped like a handout, small enough to copy in a test."""
    files = {"GNUmakefile": gnumakefile, "conf/lab.mk": "LAB_CURRENT := 3\n",
             "grade/test_lab3.py": "# the staff's tests\n", "kern/Makefrag": makefrag,
             "kern/env.cpp": "// stub\n", "kern/init.cpp": "// given\n", "kern/kernel.ld": "/* staff */\n"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.mark.points(0)
def test_autograder_builds_the_staffs_makefiles_and_grader_with_the_students_sources(tmp_path):
    staff = small_tree(tmp_path / "staff")
    student = small_tree(tmp_path / "student", gnumakefile="grade:\n\t@echo 'Score: 1016/1016'\n",
                         makefrag=STAFF_KERN_MAKEFRAG.replace("kern/env.cpp", "kern/env.cpp kern/mine.cpp"))
    (student / "kern/env.cpp").write_text("// solved\n")
    (student / "kern/mine.cpp").write_text("// a file of my own\n")
    (student / "kern/kernel.ld").write_text("/* mine */\n")
    (student / "grade/test_lab3.py").write_text("def test_everything(): pass\n")
    (student / "conf/lab.mk").write_text("LAB_CURRENT := 9\n")
    (student / "answers-lab3.md").write_text("1. Because.\n")
    work = tmp_path / "work"
    assert submission.assemble(str(staff), str(student), str(work)) == []
    # The student's sources, answers and file lists...
    assert (work / "kern/env.cpp").read_text() == "// solved\n"
    assert (work / "kern/mine.cpp").exists() and (work / "answers-lab3.md").exists()
    assert "kern/mine.cpp" in (work / "kern/Makefrag").read_text()
    # ...built and graded by the staff's make files, linker script and tests.
    for rel in ("GNUmakefile", "conf/lab.mk", "grade/test_lab3.py", "kern/kernel.ld"):
        assert (work / rel).read_text() == (staff / rel).read_text(), rel


@pytest.mark.points(0)
@pytest.mark.parametrize("change", [
    "grade:\n\t@echo 'Score: 1016/1016'\n",       # a rule of its own
    "QEMU := kern/fake-qemu.sh\n",                 # a variable that is not a list of files
    "KERN_SRCS += $(shell ./forge-results)\n",     # a file list that runs a command
], ids=["rule", "variable", "shell"])
def test_autograder_refuses_a_makefrag_that_changes_more_than_file_lists(tmp_path, change):
    staff = small_tree(tmp_path / "staff")
    student = small_tree(tmp_path / "student", makefrag=STAFF_KERN_MAKEFRAG + change)
    problems = submission.assemble(str(staff), str(student), str(tmp_path / "work"))
    assert problems and "kern/Makefrag" in problems[0], problems
