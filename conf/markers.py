#!/usr/bin/env python3
"""Solution markers (doc/labs.md): parse them, check their rules, and turn a
marked file into its handout form.

A pair, whole lines, never nested or crossed:

    // LAB N: BEGIN SOLUTION
    // HINT: ...                 (one or more; kept in the handout)
    ... the solution ...
    // LAB N: STUB
    // ... the stub body, commented out here, live in the handout ...
    // LAB N: END SOLUTION

The handout of lab K keeps the solution of a lab below K (marker lines and
stub dropped) and replaces a pair of lab K or later by
`// LAB N: Your code here.`, its HINT lines and its stub body uncommented.

python3 conf/markers.py check [FILE...]   checks every tracked file (or FILEs)
"""
import os
import re
import subprocess
import sys

MARKER_WORDS = r"(BEGIN SOLUTION|STUB|END SOLUTION)"
MARKER_RE = re.compile(r"^(\s*)(//|#) LAB (\d+): " + MARKER_WORDS + r"\s*$")
# Anything that looks like a marker; a line matching this but not MARKER_RE is malformed.
LOOSE_RE = re.compile(r"LAB\s*\d+\s*:\s*" + MARKER_WORDS)
HINT_RE = re.compile(r"^\s*(//|#) HINT: \S")
# Files that may hold markers: the languages the tree uses.
MARKED_SUFFIXES = (".cpp", ".h", ".S", ".py", ".mk", "Makefrag", ".sh")

# Exercises every tree must mark (doc/labs.md); a file not in the tree (a
# course without the network lab) is not asked for.
REQUIRED = [
    ("common/printfmt.cpp", 1), ("kern/mon_kernel.cpp", 1), ("kern/kdebug.cpp", 1),
    ("kern/page_alloc.cpp", 2), ("kern/pmap.cpp", 2),
    ("kern/env.cpp", 3), ("kern/trap.cpp", 3), ("kern/user_mem.cpp", 3),
    ("kern/mpstart.cpp", 4), ("kern/spinlock.h", 4), ("kern/trap.cpp", 4), ("kern/sched.cpp", 4),
    ("kern/pmap.cpp", 4), ("lib/fork.cpp", 4), ("lib/ipc.cpp", 4),
    ("fs/fs.cpp", 5), ("fs/bc.cpp", 5), ("lib/spawn.cpp", 5),
    ("kern/pci.cpp", 6), ("kern/e1000.cpp", 6), ("kern/sys_net.cpp", 6), ("net/input.cpp", 6),
    ("net/output.cpp", 6), ("user/httpd.cpp", 6),
    ("kern/flexsc.cpp", 7), ("kern/flexsc_thread.cpp", 7),
]


# Files that quote markers as examples (the tool and its tests): not scanned.
ABOUT_MARKERS = ("conf/markers.py", "grade/test_course.py")


class Pair:
    def __init__(self, lab, begin, indent, comment):
        self.lab = lab
        self.begin = begin      # line numbers, 1-based
        self.stub = None
        self.end = None
        self.indent = indent
        self.comment = comment  # "//" or "#"


def parse(path, lines):
    """Returns ([Pair], [error message]) for one file's lines."""
    pairs, errors, open_pair = [], [], None

    def error(lineno, text):
        errors.append("%s:%d: %s" % (path, lineno, text))

    for lineno, line in enumerate(lines, 1):
        m = MARKER_RE.match(line)
        if m is None:
            if LOOSE_RE.search(line):
                error(lineno, "a marker must be a whole line: `// LAB N: BEGIN SOLUTION`, "
                      "`// LAB N: STUB` or `// LAB N: END SOLUTION`")
            continue
        indent, comment, lab, word = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        if word == "BEGIN SOLUTION":
            if open_pair is not None:
                error(lineno, "nested pair: lab %d begins inside the lab %d pair of line %d"
                      % (lab, open_pair.lab, open_pair.begin))
                continue
            open_pair = Pair(lab, lineno, indent, comment)
        elif open_pair is None:
            error(lineno, "%s of lab %d outside any pair" % (word, lab))
        elif lab != open_pair.lab:
            error(lineno, "crossed pairs: lab %d %s inside the lab %d pair of line %d"
                  % (lab, word, open_pair.lab, open_pair.begin))
        elif word == "STUB":
            if open_pair.stub is not None:
                error(lineno, "a second STUB in the pair of line %d" % open_pair.begin)
            open_pair.stub = lineno
        else:
            open_pair.end = lineno
            pairs.append(open_pair)
            open_pair = None
    if open_pair is not None:
        error(open_pair.begin, "lab %d pair never ends" % open_pair.lab)
    for pair in pairs:
        errors += ["%s:%d: %s" % (path, pair.begin, e) for e in pair_errors(pair, lines)]
    return pairs, errors


def pair_errors(pair, lines):
    body = lines[pair.begin:pair.end - 1]  # between BEGIN and END
    errors = []
    if not body or not HINT_RE.match(body[0]):
        errors.append("lab %d pair has no `%s HINT:` line right after BEGIN" % (pair.lab, pair.comment))
    if pair.stub is None:
        errors.append("lab %d pair has no STUB section (the handout's body)" % pair.lab)
        return errors
    stub = lines[pair.stub:pair.end - 1]
    if not any(line.strip() for line in stub):
        errors.append("lab %d pair's STUB has no body" % pair.lab)
    prefix = pair.comment + " "
    for line in stub:
        if line.strip() and not line.strip().startswith(pair.comment):
            errors.append("lab %d STUB line is not commented out: %r" % (pair.lab, line.strip()))
    if pair.comment == "//":
        solution = lines[pair.begin:pair.stub - 1]
        for name, part in (("solution", solution), ("stub", [uncomment(l, prefix) for l in stub])):
            if brace_depth(part) != 0:
                errors.append("lab %d pair's %s has unbalanced braces: a pair must not cross "
                              "a block or function boundary" % (pair.lab, name))
    return errors


def uncomment(line, prefix):
    """A stub line as the handout writes it: the first comment prefix removed."""
    head, sep, tail = line.partition(prefix.rstrip())
    if not sep:
        return line
    return head + (tail[1:] if tail.startswith(" ") else tail)


STRINGS_RE = re.compile(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|//.*$')


def brace_depth(lines):
    depth = 0
    for line in lines:
        code = STRINGS_RE.sub("", line)
        depth += code.count("{") - code.count("}")
    return depth


def handout_lines(lines, pairs, lab):
    """The file's lines in the lab-`lab` handout."""
    out, by_begin = [], {p.begin: p for p in pairs}
    lineno = 1
    while lineno <= len(lines):
        pair = by_begin.get(lineno)
        if pair is None:
            out.append(lines[lineno - 1])
            lineno += 1
            continue
        if pair.lab < lab:
            out += lines[pair.begin:pair.stub - 1]
        else:
            prefix = pair.comment + " "
            out.append("%s%s LAB %d: Your code here." % (pair.indent, pair.comment, pair.lab))
            body = lines[pair.begin:pair.stub - 1]
            out += [line for line in body[:hint_count(body)]]
            out += [uncomment(line, prefix) for line in lines[pair.stub:pair.end - 1]]
        lineno = pair.end + 1
    return out


def hint_count(body):
    """How many lines at the start of a pair are HINT lines (with their continuations)."""
    n = 0
    while n < len(body) and (HINT_RE.match(body[n]) or (n > 0 and re.match(r"^\s*(//|#)\s{2,}\S", body[n]))):
        n += 1
    return n


def tracked_files(root):
    out = subprocess.run(["git", "ls-files"], cwd=root, check=True, capture_output=True, text=True)
    return [p for p in out.stdout.splitlines() if p.endswith(MARKED_SUFFIXES)]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def check(root, files, labs, required=True):
    """Every error in files (paths relative to root), or []."""
    errors, covered = [], set()
    for rel in files:
        path = os.path.join(root, rel)
        if not os.path.isfile(path) or rel in ABOUT_MARKERS:
            continue
        pairs, errs = parse(rel, read_lines(path))
        errors += errs
        for pair in pairs:
            covered.add((rel, pair.lab))
            if pair.lab not in labs:
                errors.append("%s:%d: lab %d is not in conf/lab.mk's LABS (%s)"
                              % (rel, pair.begin, pair.lab, " ".join(map(str, labs))))
    if required:
        for rel, lab in REQUIRED:
            if os.path.exists(os.path.join(root, rel)) and (rel, lab) not in covered:
                errors.append("%s: no lab %d pair: the exercise is not marked" % (rel, lab))
        for lab in labs:
            if not any(l == lab for _, l in covered):
                errors.append("lab %d has no marked exercise" % lab)
    return errors


def labs_of(root):
    """conf/lab.mk's LABS list."""
    for line in read_lines(os.path.join(root, "conf/lab.mk")):
        m = re.match(r"^LABS\s*:?=\s*(.*)$", line)
        if m:
            return [int(x) for x in m.group(1).split()]
    raise SystemExit("conf/lab.mk has no LABS line")


def main(argv):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    if len(argv) < 2 or argv[1] != "check":
        raise SystemExit(__doc__)
    files = argv[2:] or tracked_files(root)
    errors = check(root, files, labs_of(root), required=not argv[2:])
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print("check-markers: %d error%s" % (len(errors), "" if len(errors) == 1 else "s"),
              file=sys.stderr)
        return 1
    print("check-markers: %d files, markers fine" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
