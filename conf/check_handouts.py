#!/usr/bin/env python3
"""Checks the handouts (doc/labs.md): each lab-K handout builds with the
solution's flags, passes the tests of the labs before K, and fails lab K's
tests quickly with a panic naming a missing function.

python3 conf/check_handouts.py [--quick] [K...]
  full (make check-handouts): every earlier lab's whole grade, lab K's whole grade.
  --quick (CI): a few tests of the previous lab and of lab K, builds warmed
  with the solution's objects (only what the handout changes is rebuilt).
Prints one line per handout and exits non-zero if any check fails.
"""
import glob
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
NOT_IMPLEMENTED_RE = re.compile(r"panic (?:in \S+ )?at \S+: (\w+): not implemented \(lab (\d+)")


def pytest_lab(lab):
    return handout.lab_names(ROOT).get(lab, str(lab))


def score_title(lab):
    name = pytest_lab(lab)
    return "Lab %s" % name if name.isdigit() else name


def run(cmd, cwd, timeout):
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        out, code = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out, code = "%s timed out after %d s" % (" ".join(cmd), timeout), -1
    return code, out, time.monotonic() - start


def grade(tree, labs, quick):
    """{lab: (earned, total)} and the seconds of one make grade in tree: the labs'
    whole grade, or (quick) their QUICK tests together in one run."""
    if quick:
        make_args = ["GRADE_ARGS=-p no:randomly " + " ".join(t for l in labs for t in QUICK[l])]
    else:
        make_args = ["LAB=%s" % pytest_lab(labs[0]), "GRADE_ARGS=-p no:randomly"]
    code, out, seconds = run(["make", "grade"] + make_args, tree, timeout=1800)
    scores = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in SCORE_RE.finditer(out)}
    return {l: scores.get(score_title(l), (0, 0)) for l in labs}, seconds


def missing_functions(tree, lab):
    """The functions of lab `lab` the handout's failed tests named in their panics."""
    names = set()
    for log in glob.glob(os.path.join(tree, "obj/grade/logs/*.log")):
        with open(log, errors="replace") as f:
            names.update(n for n, l in NOT_IMPLEMENTED_RE.findall(f.read()) if int(l) == lab)
    return names


def check(lab, labs, quick, warm_tree):
    """(ok, report line) for the lab-`lab` handout, built from scratch or (warm_tree)
    incrementally from that tree's build."""
    tree = os.path.join(ROOT, "obj/handouts/lab%d" % lab)
    handout.make_handout(lab, tree, warm_tree=warm_tree)
    code, out, build_seconds = run(["make", "-j2"], tree, timeout=1800)
    if code != 0:
        errors = [l for l in out.splitlines() if "error" in l][:5]
        return False, "lab %d handout: build FAILED (%.0f s)\n    %s" % (
            lab, build_seconds, "\n    ".join(errors))
    ok, notes = True, ["builds (%.0f s)" % build_seconds]
    earlier = [l for l in labs if l < lab]
    runs = [earlier[-1:] + [lab]] if quick else [[l] for l in earlier + [lab]]
    scores, seconds = {}, 0.0
    for group in runs:
        got, took = grade(tree, group, quick)
        scores.update(got)
        seconds += took
    for prev in (earlier[-1:] if quick else earlier):
        earned, total = scores[prev]
        passed = total > 0 and earned == total
        ok &= passed
        notes.append("lab %d %d/%d%s" % (prev, earned, total, "" if passed else " FAILED"))
    earned, total = scores[lab]
    named = missing_functions(tree, lab)
    ok &= (earned < total or total == 0) and bool(named)
    notes.append("lab %d %d/%d, not implemented: %s" % (lab, earned, total,
                                                       ", ".join(sorted(named)) or "NONE NAMED"))
    notes.append("tests %.0f s" % seconds)
    return ok, "lab %d handout: %s" % (lab, "; ".join(notes))


def main(argv):
    quick = "--quick" in argv
    labs = markers.labs_of(ROOT)
    wanted = [handout.lab_number(a, labs) for a in argv[1:] if not a.startswith("--")] or labs
    start, failed = time.monotonic(), 0
    # Quick: from the last lab down, each handout built on the one before it,
    # which differs from it in one lab's files only (the first on the solution).
    warm = ROOT if quick else None
    for lab in (sorted(wanted, reverse=True) if quick else wanted):
        ok, line = check(lab, labs, quick, warm)
        if quick:
            warm = os.path.join(ROOT, "obj/handouts/lab%d" % lab)
        print(("ok    " if ok else "FAIL  ") + line, flush=True)
        failed += not ok
    print("check-handouts%s: %d of %d handouts fine, %.0f s" % (
        " --quick" if quick else "", len(wanted) - failed, len(wanted), time.monotonic() - start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
