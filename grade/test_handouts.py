"""The handouts (doc/labs.md), built and booted: for every lab K, the lab-K
student tree builds with the solution's flags, passes the tests of every lab
before K, and fails lab K's tests with a message naming a missing function.

Staff only, and not part of make grade (pytest.ini deselects the `handouts`
marker): one handout's build takes one to three minutes, and make grade must
stay short (doc/grading.md). Run by
    make check-handouts [LAB=K]  every earlier lab's whole grade and lab K's (about an hour)
    make check-handouts-quick    CI: each build warmed with the objects of the
                                 handout after it (lab 7's with the solution's),
                                 two tests of the previous lab and two of lab K
FLEXJOS_HANDOUTS=full or quick (the default) says which; FLEXJOS_HANDOUT_LABS
which labs (all by default)."""
import os
import shutil
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "conf"))
import check_handouts  # noqa: E402
import handout  # noqa: E402
import markers  # noqa: E402

pytestmark = [pytest.mark.lab("Course"), pytest.mark.handouts]

QUICK = os.environ.get("FLEXJOS_HANDOUTS", "quick") != "full"
ALL_LABS = markers.labs_of(ROOT)
LABS = [handout.lab_number(name, ALL_LABS)
        for name in os.environ.get("FLEXJOS_HANDOUT_LABS", "").split()] or ALL_LABS
# Quick: from the last lab down, so each handout builds on the objects of the
# one after it, which differs from it in one lab's files only.
ORDER = sorted(LABS, reverse=QUICK)


class HandoutRun:
    """One lab's handout: built once, graded once, shared by its three tests."""

    def __init__(self, lab, warm_tree):
        self.lab = lab
        self.tree = check_handouts.tree_of(lab)
        self.built, self.build_output, self.build_seconds = check_handouts.build(lab, warm_tree)
        self.earlier = [l for l in ALL_LABS if l < lab]
        self._scores = None

    def scores(self):
        """{lab: (earned, total)} for the graded labs: quick, the previous lab's
        and lab K's QUICK tests in one run; full, each lab's whole grade."""
        if self._scores is None:
            assert self.built, "the handout did not build"
            runs = [self.earlier[-1:] + [self.lab]] if QUICK else [[l] for l in self.earlier + [self.lab]]
            self._scores, self.failed, self.outputs = {}, {}, []
            for labs in runs:
                got, failed, out, _ = check_handouts.grade(self.tree, labs, QUICK)
                self._scores.update(got)
                self.failed.update(failed)
                self.outputs.append(out)
        return self._scores

    def graded_earlier(self):
        return self.earlier[-1:] if QUICK else self.earlier

    def summary(self):
        return "\n".join(out[-3000:] for out in self.outputs)


RUNS = {}


def lab_id(lab):
    return "lab%d" % lab


@pytest.fixture(params=ORDER, ids=lab_id)
def handout_run(request):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Two workers would build the same tree at once.
        pytest.skip("handout tests share their trees: run them without -n (make check-handouts)")
    lab = request.param
    if lab not in RUNS:
        warm = None
        if QUICK:
            later = [RUNS[l] for l in sorted(RUNS) if l > lab and RUNS[l].built]
            warm = later[0].tree if later else ROOT
        RUNS[lab] = HandoutRun(lab, warm)
    return RUNS[lab]


@pytest.mark.points(0)
def test_handout_builds_with_the_solutions_flags(handout_run):
    assert handout_run.built, "the lab %d handout does not build (%.0f s):\n%s" % (
        handout_run.lab, handout_run.build_seconds, "\n".join(check_handouts.build_errors(
            handout_run.build_output)) or handout_run.build_output[-3000:])


@pytest.mark.points(0)
@pytest.mark.parametrize("handout_run", [l for l in ORDER if l > ALL_LABS[0]], ids=lab_id, indirect=True)
def test_handout_passes_every_earlier_lab(handout_run):
    scores = handout_run.scores()
    # Every test, those worth 0 points too (a panic at boot fails only those).
    short = ["lab %d %d/%d%s" % (l, *scores[l], "".join("\n    failed: " + t for t in handout_run.failed[l]))
             for l in handout_run.graded_earlier()
             if scores[l][1] == 0 or scores[l][0] != scores[l][1] or handout_run.failed[l]]
    assert not short, "in the lab %d handout, earlier labs fail:\n%s\n%s" % (
        handout_run.lab, "\n".join(short), handout_run.summary())


@pytest.mark.points(0)
def test_handout_fails_its_lab_naming_the_missing_function(handout_run):
    earned, total = handout_run.scores()[handout_run.lab]
    named = check_handouts.missing_functions(handout_run.tree, handout_run.lab)
    assert total > 0 and earned < total, "the lab %d handout passes its own lab (%d/%d)" % (
        handout_run.lab, earned, total)
    assert named, ("the lab %d handout's failed tests name no function that is not implemented "
                   "(lab %d %d/%d)\n%s" % (handout_run.lab, handout_run.lab, earned, total,
                                            handout_run.summary()))


sys.path.insert(0, os.path.join(ROOT, "conf", "autograder"))
import check as autograder_check  # noqa: E402

# A submission's make file that forges a perfect score without building anything.
CHEATING_GNUMAKEFILE = """.PHONY: all grade
all:
\t@true
grade:
\t@echo 'Score: 1016/1016'
\t@echo '{"score": 1016, "tests": []}' > $(FLEXJOS_RESULTS_JSON)
"""


@pytest.mark.points(0)
@pytest.mark.skipif(QUICK, reason="builds a handout from scratch: make check-handouts only")
def test_autograder_gives_a_cheating_gnumakefile_its_real_score():
    lab = ALL_LABS[0]

    def cheating_handout(dest):
        tree = os.path.join(ROOT, "obj/autograder-test/cheating-lab%d" % lab)
        handout.make_handout(lab, tree)
        for rel in os.listdir(tree):
            if rel != ".git":
                src = os.path.join(tree, rel)
                (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, os.path.join(dest, rel))
        with open(os.path.join(dest, "GNUmakefile"), "w") as f:
            f.write(CHEATING_GNUMAKEFILE)

    results, _ = autograder_check.fake_autograder(lab, "cheating", cheating_handout,
                                                  " ".join(check_handouts.QUICK[lab]))
    maximum = sum(t["max_score"] for t in results["tests"])
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert results["tests"] and results["score"] < maximum and failed, results
    assert any("not implemented" in t["output"] for t in failed), results
