#!/usr/bin/env python3
"""make handin / make handin-check FILE=... (doc/labs.md).

handin: checks that the tree is ready (everything committed, on the lab's
branch labK, make grade run since the last commit), then writes
handin-labK.tar.gz: the tracked files at HEAD (files/), a git bundle of every
branch (repo.bundle), and MANIFEST.json (lab, commit, branch, date, the local
grade's score, a SHA-256 of every file).

handin-check: verifies such a tarball: the manifest is complete, the bundle
holds the commit, and files/ is exactly that commit's tree.

python3 conf/handin.py handin [--root DIR]
python3 conf/handin.py check FILE
"""
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time

MANIFEST_KEYS = ("lab", "commit", "branch", "date", "score", "max_score", "files")


class Refused(Exception):
    pass


def git(root, *args, binary=False):
    r = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    if r.returncode != 0:
        raise Refused("git %s: %s" % (" ".join(args), r.stderr.decode(errors="replace").strip()))
    return r.stdout if binary else r.stdout.decode().strip()


def current_lab(root):
    with open(os.path.join(root, "conf/lab.mk")) as f:
        m = re.search(r"(?m)^LAB_CURRENT\s*:=\s*(\d+)", f.read())
    if not m:
        raise Refused("conf/lab.mk has no LAB_CURRENT")
    return int(m.group(1))


def local_score(root, commit_time):
    """(score, max_score) of the last make grade, which must postdate the last commit."""
    path = os.path.join(root, "obj/grade/results.json")
    if not os.path.exists(path):
        raise Refused("no test results: run `make grade` first (it writes obj/grade/results.json)")
    if os.path.getmtime(path) < commit_time:
        raise Refused("the test results are older than your last commit: run `make grade` again")
    with open(path) as f:
        results = json.load(f)
    return results["score"], sum(t["max_score"] for t in results["tests"])


def file_digests(tar_bytes):
    """{path: sha256} of the regular files in a tar archive."""
    digests = {}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                digests[member.name] = hashlib.sha256(tar.extractfile(member).read()).hexdigest()
    return digests


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def handin(root):
    lab = current_lab(root)
    if git(root, "status", "--porcelain"):
        raise Refused("uncommitted changes (git status): commit them first, e.g. git commit -am 'lab %d'"
                      % lab)
    branch = git(root, "rev-parse", "--abbrev-ref", "HEAD")
    if branch != "lab%d" % lab:
        raise Refused("you are on branch %r: hand in lab %d from branch lab%d" % (branch, lab, lab))
    commit = git(root, "rev-parse", "HEAD")
    score, max_score = local_score(root, int(git(root, "log", "-1", "--format=%ct")))
    files = git(root, "archive", "--format=tar", "HEAD", binary=True)
    with tempfile.TemporaryDirectory() as tmp:
        bundle_path = os.path.join(tmp, "repo.bundle")
        git(root, "bundle", "create", bundle_path, "--all")
        with open(bundle_path, "rb") as f:
            bundle = f.read()
    manifest = {"lab": lab, "commit": commit, "branch": branch,
                "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "score": score, "max_score": max_score,
                "answers": "answers-lab%d.md" % lab, "files": file_digests(files)}
    if manifest["answers"] not in manifest["files"]:
        print("warning: no %s committed (the lab's questions, doc/labs/lab%d.md)" % (manifest["answers"], lab))
    out = os.path.join(root, "handin-lab%d.tar.gz" % lab)
    with tarfile.open(out, "w:gz") as tar:
        add_bytes(tar, "MANIFEST.json", json.dumps(manifest, indent=1).encode())
        add_bytes(tar, "repo.bundle", bundle)
        with tarfile.open(fileobj=io.BytesIO(files)) as src:
            for member in src.getmembers():
                data = src.extractfile(member) if member.isfile() else None
                member.name = "files/" + member.name
                tar.addfile(member, data)
    print("%s: lab %d, commit %s, local score %d/%d" % (os.path.basename(out), lab, commit[:12],
                                                       score, max_score))
    return out


def check(path):
    """The manifest of a verified hand-in tarball; raises Refused if it is not sound."""
    with tarfile.open(path) as tar:
        names = tar.getnames()
        for needed in ("MANIFEST.json", "repo.bundle"):
            if needed not in names:
                raise Refused("%s has no %s" % (path, needed))
        manifest = json.load(tar.extractfile("MANIFEST.json"))
        bundle = tar.extractfile("repo.bundle").read()
        files = {m.name[len("files/"):]: hashlib.sha256(tar.extractfile(m).read()).hexdigest()
                 for m in tar.getmembers() if m.isfile() and m.name.startswith("files/")}
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        raise Refused("the manifest lacks %s" % ", ".join(missing))
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "repo.bundle"), "wb") as f:
            f.write(bundle)
        git(tmp, "clone", "-q", "--no-checkout", "repo.bundle", "repo")
        repo = os.path.join(tmp, "repo")
        git(repo, "cat-file", "-e", manifest["commit"] + "^{commit}")
        committed = file_digests(git(repo, "archive", "--format=tar", manifest["commit"], binary=True))
    if committed != manifest["files"] or files != committed:
        differ = sorted(set(committed.items()) ^ set(files.items()))
        raise Refused("files/ is not commit %s's tree (first difference: %s)"
                      % (manifest["commit"][:12], differ[0][0] if differ else "the manifest's list"))
    return manifest


def main(argv):
    try:
        if len(argv) >= 2 and argv[1] == "handin":
            root = argv[argv.index("--root") + 1] if "--root" in argv else \
                os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
            handin(root)
        elif len(argv) == 3 and argv[1] == "check":
            m = check(argv[2])
            print("%s: fine: lab %d, commit %s on %s, %s, local score %d/%d, %d files" % (
                argv[2], m["lab"], m["commit"][:12], m["branch"], m["date"], m["score"], m["max_score"],
                len(m["files"])))
        else:
            raise SystemExit(__doc__)
    except Refused as e:
        print("handin: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
