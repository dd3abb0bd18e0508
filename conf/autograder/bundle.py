#!/usr/bin/env python3
"""make autograder LAB=K: obj/autograder/labK.zip, a Gradescope autograder
(setup.sh, run_autograder, submission.py, the staff's copy of the lab-K
handout in staff/ and the lab's name in LAB) that grades lab K's tests.
Gradescope unpacks it into /autograder/source. conf/autograder/run_autograder documents a run.

python3 conf/autograder/bundle.py K
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
sys.path.insert(0, os.path.join(ROOT, "conf"))
import handout  # noqa: E402
import markers  # noqa: E402


def make_bundle(lab, dest):
    """The bundle's directory (dest) and its zip (dest.zip)."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    for name in ("setup.sh", "run_autograder", "submission.py"):
        shutil.copy2(os.path.join(HERE, name), os.path.join(dest, name))
    # The whole handout, not only grade/: its GNUmakefile, conf/ and build
    # scripts build and grade every submission (submission.py).
    staff = os.path.join(dest, "staff")
    handout.make_handout(lab, staff)
    shutil.rmtree(os.path.join(staff, ".git"))
    os.remove(staff + ".tar.gz")
    with open(os.path.join(dest, "LAB"), "w") as f:
        f.write(handout.lab_names(ROOT).get(lab, str(lab)) + "\n")
    zip_path = shutil.make_archive(dest, "zip", dest)
    return zip_path


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    lab = handout.lab_number(argv[1], markers.labs_of(ROOT))
    print("autograder for lab %d: %s" % (lab, make_bundle(lab, os.path.join(ROOT, "obj/autograder/lab%d" % lab))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
