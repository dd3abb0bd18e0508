#!/usr/bin/env python3
"""The tree the autograder builds and grades (doc/labs.md, "Autograder"): the
staff's copy of the lab-K handout, with the student's work laid over it.

A student writes source files, and may add some: everything under the
STUDENT_DIRS (C++, headers, assembly) and their answers-labN.md. The rest,
which decides how the tree is built and graded (GNUmakefile, conf/, grade/,
the linker scripts and the build's generator scripts), is the staff's,
whatever the submission holds. A Makefrag is the student's only where it
lists files: outside lines like `KERN_SRCS := ...` or `USER_PROGS := ...`
it must be the staff's Makefrag, or the submission is refused, so no
submission brings a rule or a variable of its own into the build.

python3 submission.py STAFF SUBMISSION WORK
Exits 1 with the reason when the submission is refused.
"""
import os
import re
import shutil
import sys

STUDENT_DIRS = ("boot", "fs", "inc", "kern", "lib", "net", "user")
STUDENT_SUFFIXES = (".cpp", ".h", ".S")
ANSWERS = re.compile(r"^answers-lab\w+\.md$")
# Variables that only list files, which a student edits to add one.
FILE_LIST_NAME = re.compile(r"^(\w+_SRCS|USER_PROGS(_FS|_NET)?)$")
FILE_LIST = re.compile(r"^(\w+)\s*(:=|\+=|=)\s*((?:[\w./+-]+|\$\(\w+\))(?:\s+(?:[\w./+-]+|\$\(\w+\)))*)?\s*$")


def logical_lines(text):
    """A make file's lines with backslash continuations joined."""
    return re.sub(r"\\\n\s*", " ", text).splitlines()


def file_list(line):
    """True if line assigns a list of files (and references only such lists)."""
    m = FILE_LIST.match(line)
    if not m or not FILE_LIST_NAME.match(m.group(1)):
        return False
    return all(FILE_LIST_NAME.match(v) for v in re.findall(r"\$\((\w+)\)", m.group(3) or ""))


def makefrag_problem(staff_text, student_text):
    """Why the student's Makefrag is refused, or None."""
    def rest(text):
        return [l.rstrip() for l in logical_lines(text) if not file_list(l)]
    staff, student = rest(staff_text), rest(student_text)
    if staff == student:
        return None
    for i, (a, b) in enumerate(zip(staff + [None] * len(student), student + [None] * len(staff))):
        if a != b:
            return "changes %r (only lists of files such as KERN_SRCS or USER_PROGS may change)" % (
                b if b is not None else a)
    return None


def student_file(rel):
    parts = rel.split("/")
    if len(parts) == 1:
        return bool(ANSWERS.match(rel))
    return parts[0] in STUDENT_DIRS and rel.endswith(STUDENT_SUFFIXES)


def read(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def assemble(staff, submission, work):
    """Writes work; returns a list of reasons to refuse the submission (empty if fine)."""
    shutil.copytree(staff, work, symlinks=True)
    problems = []
    # The staff's sources are replaced by the student's (who may delete files too).
    for d in STUDENT_DIRS:
        for dirpath, _, names in os.walk(os.path.join(work, d)):
            for name in names:
                if student_file(os.path.relpath(os.path.join(dirpath, name), work)):
                    os.remove(os.path.join(dirpath, name))
    for dirpath, _, names in os.walk(submission):
        for name in names:
            src = os.path.join(dirpath, name)
            rel = os.path.relpath(src, submission)
            if os.path.islink(src) or rel.startswith(("obj/", ".git/")):
                continue
            if student_file(rel):
                os.makedirs(os.path.dirname(os.path.join(work, rel)) or work, exist_ok=True)
                shutil.copy2(src, os.path.join(work, rel))
            elif os.path.basename(rel) == "Makefrag" and rel.split("/")[0] in STUDENT_DIRS:
                staff_frag = os.path.join(staff, rel)
                if not os.path.isfile(staff_frag):
                    problems.append("%s: not a Makefrag of the handout" % rel)
                    continue
                problem = makefrag_problem(read(staff_frag), read(src))
                if problem:
                    problems.append("%s %s" % (rel, problem))
                else:
                    shutil.copy2(src, os.path.join(work, rel))
    return problems


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__)
    problems = assemble(*argv[1:])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
