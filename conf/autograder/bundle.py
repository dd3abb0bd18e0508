#!/usr/bin/env python3
"""make autograder LAB=K: obj/autograder/labK.zip, a Gradescope autograder
(setup.sh, run_autograder, source/ with the staff grade/ and the lab number)
that grades lab K's tests. conf/autograder/run_autograder documents a run.

python3 conf/autograder/bundle.py K
"""
import os
import shutil
import subprocess
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
    os.makedirs(os.path.join(dest, "source"))
    for name in ("setup.sh", "run_autograder"):
        shutil.copy2(os.path.join(HERE, name), os.path.join(dest, name))
    tracked = subprocess.run(["git", "ls-files", "grade"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
    for rel in tracked:
        if not handout.staff_only(rel):
            os.makedirs(os.path.dirname(os.path.join(dest, "source", rel)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), os.path.join(dest, "source", rel))
    with open(os.path.join(dest, "source", "LAB"), "w") as f:
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
