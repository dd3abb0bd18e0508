#!/usr/bin/env python3
"""make check-autograder LAB=K: the lab-K autograder, end to end, in a fake
/autograder under obj/autograder-test/: the solution (every test of lab K
passes, full score) and the lab-K handout handed in with make handin (lab K's
tests fail, with the missing function in their output) give the right
results.json.

python3 conf/autograder/check.py K
"""
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bundle  # noqa: E402
from bundle import ROOT, handout, markers  # noqa: E402


def fake_autograder(lab, name, fill_submission, grade_args=""):
    """Runs the bundle on one submission; returns (results, seconds). grade_args:
    pytest arguments that narrow the tests (AUTOGRADER_GRADE_ARGS)."""
    root = os.path.join(ROOT, "obj/autograder-test", name)
    if os.path.exists(root):
        shutil.rmtree(root)
    bundle_dir = bundle.make_bundle(lab, os.path.join(ROOT, "obj/autograder/lab%d" % lab))[:-len(".zip")]
    # As Gradescope does: the bundle unpacked in source/, run_autograder beside it.
    shutil.copytree(bundle_dir, os.path.join(root, "source"), symlinks=True)
    shutil.copy2(os.path.join(bundle_dir, "run_autograder"), os.path.join(root, "run_autograder"))
    os.makedirs(os.path.join(root, "submission"))
    fill_submission(os.path.join(root, "submission"))
    start = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLEXJOS_", "MAKE"))}
    subprocess.run([os.path.join(root, "run_autograder")],
                   env=dict(env, AUTOGRADER_ROOT=root, AUTOGRADER_GRADE_ARGS=grade_args),
                   check=True, capture_output=True)
    with open(os.path.join(root, "results/results.json")) as f:
        return json.load(f), time.monotonic() - start


def solution_tree(dest):
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True)
    for rel in files.stdout.splitlines():
        if os.path.isfile(os.path.join(ROOT, rel)):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)) or dest, exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), os.path.join(dest, rel))


def handed_in_handout(lab):
    def fill(dest):
        tree = os.path.join(ROOT, "obj/autograder-test/handout-lab%d" % lab)
        handout.make_handout(lab, tree)
        # make handin wants a grade run after the last commit; its score is not trusted anyway.
        os.makedirs(os.path.join(tree, "obj/grade"), exist_ok=True)
        with open(os.path.join(tree, "obj/grade/results.json"), "w") as f:
            json.dump({"score": 0, "tests": []}, f)
        subprocess.run([sys.executable, "conf/handin.py", "handin"], cwd=tree, check=True,
                       capture_output=True)
        shutil.copy2(os.path.join(tree, "handin-lab%d.tar.gz" % lab), dest)
    return fill


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    lab = handout.lab_number(argv[1], markers.labs_of(ROOT))
    problems = []
    good, good_seconds = fake_autograder(lab, "solution", solution_tree)
    maximum = sum(t["max_score"] for t in good["tests"])
    if not good["tests"] or good["score"] != maximum or any(t["status"] != "passed" for t in good["tests"]):
        problems.append("the solution scored %s/%d" % (good["score"], maximum))
    bad, bad_seconds = fake_autograder(lab, "handout", handed_in_handout(lab))
    failed = [t for t in bad["tests"] if t["status"] == "failed"]
    if bad["score"] >= maximum or not failed or not any("not implemented" in t["output"] for t in failed):
        problems.append("the handout scored %s/%d, %d failed tests" % (bad["score"], maximum, len(failed)))
    print("autograder lab %d: solution %d/%d (%.0f s), handout %d/%d with %d failed tests (%.0f s)" % (
        lab, good["score"], maximum, good_seconds, bad["score"], maximum, len(failed), bad_seconds))
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
