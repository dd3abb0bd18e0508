#!/usr/bin/env python3
"""The handout checks (doc/labs.md) that grade/test_handouts.py runs: build a
lab-K handout, grade some of its labs, and find the missing functions its
failed tests named.

python3 conf/check_handouts.py [--quick] [K...]   runs those tests (as make
check-handouts and make check-handouts-quick do)
"""
import glob
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handout  # noqa: E402
import markers  # noqa: E402

ROOT = handout.ROOT
# The quick subset of a lab's tests: two cheap scored ones (pytest node ids).
QUICK = {
    1: ["test_lab1.py::test_printf_prints_octal", "test_lab1.py::test_backtrace_count"],
    2: ["test_lab2.py::test_physical_page_allocator", "test_lab2.py::test_kernel_page_directory"],
    3: ["test_lab3.py::test_hello", "test_lab3.py::test_faultread"],
    4: ["test_lab4.py::test_dumbfork", "test_lab4.py::test_pingpong"],
    5: ["test_lab5.py::test_check_bc", "test_lab5.py::test_spawn_via_spawnhello"],
    6: ["test_lab6.py::test_pci_attach", "test_lab6.py::test_testoutput[5_packets]"],
    7: ["test_flexsc.py::test_every_wrapper_returns_what_the_trap_returns",
        "test_flexsc.py::test_flexsc_demo"],
}
SCORE_RE = re.compile(r"^(Lab \w+|FlexSC): (\d+)/(\d+)$", re.M)
# "panic at kern/env.cpp:36: env_init: not implemented (lab 3, ...)" from
# NOT_IMPLEMENTED, or a stub that keeps booting and says so itself
# ("env_init: not implemented (lab 3, ...): no environment can be created").
NOT_IMPLEMENTED_RE = re.compile(r"(\w+): not implemented \(lab (\d+)")
# What a nested make and pytest must not inherit from the run that started them.
INHERITED = re.compile(r"^(FLEXJOS_|MAKE|MFLAGS$|PYTEST_)")


def tree_of(lab):
    return os.path.join(ROOT, "obj/handouts/lab%d" % lab)


def pytest_lab(lab):
    return handout.lab_names(ROOT).get(lab, str(lab))


def score_title(lab):
    name = pytest_lab(lab)
    return "Lab %s" % name if name.isdigit() else name


def run(cmd, cwd, timeout=1800):
    """(exit status, output, seconds) of cmd in cwd, with a clean environment."""
    env = {k: v for k, v in os.environ.items() if not INHERITED.match(k)}
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
        out, code = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired:
        out, code = "%s timed out after %d s" % (" ".join(cmd), timeout), -1
    return code, out, time.monotonic() - start


def build(lab, warm_tree=None):
    """Writes the lab-`lab` handout and builds it with make -j2: (ok, output, seconds).
    warm_tree: a built tree whose objects it starts from (only what differs is rebuilt)."""
    handout.make_handout(lab, tree_of(lab), warm_tree=warm_tree)
    code, out, seconds = run(["make", "-j2"], tree_of(lab))
    return code == 0, out, seconds


def build_errors(out):
    return [l for l in out.splitlines() if "error" in l.lower()][:10]


def grade(tree, labs, quick):
    """One make grade in tree, of the labs' whole grade (one lab) or (quick)
    their QUICK tests together: ({lab: (earned, total)}, {lab: [failed test]},
    output, seconds). The failed tests count those worth 0 points too."""
    if quick:
        make_args = ["GRADE_ARGS=-p no:randomly " + " ".join(t for l in labs for t in QUICK[l])]
    else:
        assert len(labs) == 1
        make_args = ["LAB=%s" % pytest_lab(labs[0]), "GRADE_ARGS=-p no:randomly"]
    code, out, seconds = run(["make", "grade"] + make_args, tree)
    scores = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in SCORE_RE.finditer(out)}
    failed = {l: [] for l in labs}
    try:
        with open(os.path.join(tree, "obj/grade/results.json")) as f:
            tests = json.load(f)["tests"]
    except (OSError, ValueError, KeyError):
        tests = [{"name": "%s: results.json" % score_title(l), "status": "failed"} for l in labs]
    for test in tests:
        for l in labs:
            if test["status"] != "passed" and test["name"].startswith(score_title(l) + ": "):
                failed[l].append(test["name"].split(": ", 1)[1])
    return {l: scores.get(score_title(l), (0, 0)) for l in labs}, failed, out, seconds


def missing_functions(tree, lab):
    """The functions of lab `lab` the handout's test logs say are not implemented."""
    names = set()
    for log in glob.glob(os.path.join(tree, "obj/grade/logs/*.log")):
        with open(log, errors="replace") as f:
            names.update(n for n, l in NOT_IMPLEMENTED_RE.findall(f.read()) if int(l) == lab)
    return names


def main(argv):
    quick = "--quick" in argv
    wanted = [a for a in argv[1:] if not a.startswith("--")]
    env = dict(os.environ, FLEXJOS_HANDOUTS="quick" if quick else "full",
               FLEXJOS_HANDOUT_LABS=" ".join(wanted),
               # Not the solution's obj/grade/results.json: make grade's own.
               FLEXJOS_RESULTS_JSON=os.path.join(ROOT, "obj/handouts/results.json"))
    os.makedirs(os.path.join(ROOT, "obj/handouts"), exist_ok=True)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:randomly", "-m", "handouts",
                           "-v", "test_handouts.py"], cwd=os.path.join(ROOT, "grade"), env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
