#!/usr/bin/env python3
"""make handout LAB=K [DEST=dir]: the student tree for lab K (doc/labs.md).

Writes DEST (default obj/handouts/labK) as a fresh git repository with one
commit, and DEST.tar.gz: every tracked file except the staff-only ones, with
the solutions of labs before K kept and every pair of lab K and later turned
into its stub (conf/markers.py), and conf/lab.mk saying LAB_CURRENT := K.
Files the handout does not change keep their modification time, so a build
directory copied from a built tree (warm_tree) rebuilds only what differs.

python3 conf/handout.py K [DEST]
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import markers  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# Staff-only: the course tools, their tests, and CI (which runs the whole suite).
STAFF_ONLY = ("conf/handout.py", "conf/markers.py", "conf/check_handouts.py", "conf/course.mk",
              "conf/autograder/", "grade/test_course.py", "grade/test_handouts.py", ".ci/")


def lab_number(name, labs):
    """K from LAB=K or a lab's name (LAB=flexsc is 7, conf/lab.mk's LAB_NAME_7)."""
    names = lab_names(ROOT)
    for number, lab_name in names.items():
        if str(name).lower() == lab_name.lower():
            return number
    if not str(name).isdigit() or int(name) not in labs:
        raise SystemExit("no lab %r: the labs are %s (and %s)" % (
            name, " ".join(map(str, labs)), ", ".join(n.lower() for n in names.values())))
    return int(name)


def lab_names(root):
    """{7: "FlexSC"}: conf/lab.mk's LAB_NAME_N lines, the pytest lab of a numbered lab."""
    names = {}
    for line in markers.read_lines(os.path.join(root, "conf/lab.mk")):
        m = re.match(r"^LAB_NAME_(\d+)\s*:?=\s*(\S+)", line)
        if m:
            names[int(m.group(1))] = m.group(2)
    return names


def staff_only(path):
    return any(path == s or (s.endswith("/") and path.startswith(s)) for s in STAFF_ONLY)


def handout_text(rel, text, lab):
    if rel == "conf/lab.mk":
        return re.sub(r"(?m)^LAB_CURRENT\s*:=.*$", "LAB_CURRENT := %d" % lab, text)
    if not rel.endswith(markers.MARKED_SUFFIXES):
        return None
    lines = text.split("\n")
    pairs, errors = markers.parse(rel, lines)
    if errors:
        raise SystemExit("\n".join(errors) + "\nmake check-markers first")
    if not pairs:
        return None
    return "\n".join(markers.handout_lines(lines, pairs, lab))


def write_tree(lab, dest, warm_tree=None):
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout.splitlines()
    for rel in files:
        if staff_only(rel):
            continue
        src, dst = os.path.join(ROOT, rel), os.path.join(dest, rel)
        if not os.path.isfile(src):
            continue  # deleted in the working tree
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(src, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        changed = handout_text(rel, text, lab)
        if changed is None or changed == text:
            shutil.copy2(src, dst)  # keeps the mode and the modification time
        elif warm_tree and same_text(os.path.join(warm_tree, rel), changed):
            shutil.copy2(os.path.join(warm_tree, rel), dst)  # as built there: its time
        else:
            with open(dst, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(changed)
            shutil.copymode(src, dst)


def same_text(path, text):
    if not os.path.isfile(path):
        return False
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read() == text


def git(dest, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="FlexJOS staff", GIT_AUTHOR_EMAIL="staff@flexjos.invalid",
               GIT_COMMITTER_NAME="FlexJOS staff", GIT_COMMITTER_EMAIL="staff@flexjos.invalid")
    subprocess.run(["git", *args], cwd=dest, check=True, env=env, stdout=subprocess.DEVNULL)


def make_handout(lab, dest, warm_tree=None):
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    write_tree(lab, dest, warm_tree)
    git(dest, "init", "-q", "-b", "lab%d" % lab)
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "FlexJOS lab %d handout" % lab)
    tarball = dest.rstrip("/") + ".tar.gz"
    with open(tarball, "wb") as out:
        archive = subprocess.run(["git", "archive", "--format=tar.gz", "--prefix=flexjos-lab%d/" % lab,
                                  "HEAD"], cwd=dest, check=True, capture_output=True)
        out.write(archive.stdout)
    if warm_tree:
        # A built tree's objects (the solution's or another handout's), for an
        # incremental build of this one (CI): make rebuilds what differs.
        for sub in ("boot", "kern", "lib", "user", "fs"):
            built = os.path.join(warm_tree, "obj", sub)
            if os.path.isdir(built):
                shutil.copytree(built, os.path.join(dest, "obj", sub), symlinks=True)
    return tarball


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if not args:
        raise SystemExit(__doc__)
    labs = markers.labs_of(ROOT)
    lab = lab_number(args[0], labs)
    dest = os.path.abspath(args[1] if len(args) > 1 and args[1] else
                           os.path.join(ROOT, "obj/handouts/lab%d" % lab))
    tarball = make_handout(lab, dest)
    print("lab %d handout: %s (git repository, one commit) and %s" % (lab, dest, tarball))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
