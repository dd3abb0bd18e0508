"""pytest plumbing for FlexJOS grading: QEMU fixtures, points, per-lab scores.

Tests declare their lab and points with markers:
    pytestmark = pytest.mark.lab(1)          # in the module
    @pytest.mark.points(20)                  # on a test
`make grade` prints a score per lab and in total, the wall time, and writes
JUnit XML; every test's serial log is saved to obj/grade/logs/<test>.log.
`make SANITIZE=1 grade` runs the same tests against the sanitized build in
obj/sanitize/ (FLEXJOS_OBJDIR and FLEXJOS_SANITIZE tell the harness).
"""
import os
import re
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from machine import Machine  # noqa: E402
from serial_log import SerialLog  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OBJDIR = os.path.join(ROOT, os.environ.get("FLEXJOS_OBJDIR") or "obj")
LOGDIR = os.path.join(OBJDIR, "grade", "logs")
SANITIZED = os.environ.get("FLEXJOS_SANITIZE") == "1"


class Config:
    """What the tests need to know about the build: QEMU, its flags, kernel symbols."""

    def __init__(self):
        self.root = ROOT
        self.objdir = OBJDIR
        # Whether the build under test is make SANITIZE=1's, and the make
        # arguments that select it (for tests that run make themselves).
        self.sanitized = SANITIZED
        self.make_args = ["SANITIZE=1"] if SANITIZED else []
        # make grade boots copies of the disk images (grade/Makefrag); tests
        # that run make themselves use them too.
        self.make_args += os.environ.get("FLEXJOS_IMAGE_ARGS", "").split()
        # Checked code runs two to three times slower: every wait is stretched.
        self.timeout_scale = 3 if SANITIZED else 1
        self.qemu = os.environ.get("FLEXJOS_QEMU") or make_print("print-qemu")
        self.qemuopts = os.environ.get("FLEXJOS_QEMUOPTS") or make_print("print-qemuopts")
        self.symbols = {}
        sym_path = self.built("kern/kernel.sym")
        if not os.path.exists(sym_path):
            pytest.exit("%s is missing: build first (make grade does)" % sym_path, 2)
        with open(sym_path) as f:
            for line in f:
                parts = line.rstrip("\n").split(" ", 2)
                if len(parts) == 3:
                    self.symbols.setdefault(parts[2], int(parts[0], 16))

    def built(self, path):
        """The absolute path of a build output, e.g. built("kern/kernel")."""
        return os.path.join(self.objdir, path)

    def symbol(self, name):
        if name not in self.symbols:
            raise KeyError("no kernel symbol %r in %s" % (name, self.built("kern/kernel.sym")))
        return self.symbols[name]


def make_print(target):
    args = ["SANITIZE=1"] if SANITIZED else []
    out = subprocess.run(["make", "-s", "--no-print-directory", target] + args, cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout
    return out.strip()


def pytest_addoption(parser):
    parser.addoption("--lab", default=None, help="run only this lab's tests (1, 2, ..., flexsc)")


def pytest_configure(config):
    config.addinivalue_line("markers", "lab(name): the lab a test module belongs to")
    config.addinivalue_line("markers", "points(n): points a test is worth")
    config.pluginmanager.register(ScoreBoard(config), "flexjos-scoreboard")


def item_lab(item):
    marker = item.get_closest_marker("lab")
    return str(marker.args[0]) if marker else "other"


def item_points(item):
    marker = item.get_closest_marker("points")
    return marker.args[0] if marker else 0


def pytest_collection_modifyitems(config, items):
    wanted = config.getoption("--lab")
    keep, drop = [], []
    for item in items:
        (keep if wanted is None or item_lab(item) == str(wanted) else drop).append(item)
        # user_properties travel with reports, also from xdist workers to the controller.
        item.user_properties.append(("lab", item_lab(item)))
        item.user_properties.append(("points", item_points(item)))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def flexjos():
    return Config()


@pytest.fixture
def boot(flexjos, request):
    """boot(program=None, cpus=1, memory=None, gdb=False, fs_image=None) starts QEMU and returns
    the Machine. Every machine is stopped at the end of the test and its serial
    output saved to obj/grade/logs/<test>.log."""
    machines = []

    def start(program=None, cpus=1, memory=None, gdb=False, qemu_extra=(), fs_image=None):
        m = Machine(flexjos, program=program, cpus=cpus, memory=memory, use_gdb=gdb,
                    qemu_extra=qemu_extra, fs_image=fs_image)
        machines.append(m)
        return m.start()

    yield start
    texts = []
    for m in machines:
        m.stop()
        texts.append(m.text())
    if machines:
        request.node._flexjos_serial = "\n".join(texts)


class Run:
    """The outcome of booting to a stop point: whether it was reached, and the log."""

    def __init__(self, reached, text):
        self.reached = reached
        self.log = SerialLog(text)


@pytest.fixture(scope="session")
def _run_cache():
    return {}


@pytest.fixture
def run_kernel(flexjos, _run_cache, request):
    """run_kernel(program=None, cpus=1, memory=None, stop_symbol="readline",
    stop_line=None, timeout=30, shared=True) boots the kernel and stops it at the first of:
    the kernel reaching stop_symbol (a gdb-stub breakpoint; by default the
    monitor's readline), a serial line matching stop_line, QEMU exiting, or the
    timeout. Runs with the same arguments are shared within a worker process
    (several tests check one boot's output, as JOS's graders do) unless
    shared=False, which boots afresh (to repeat a run)."""

    def run(program=None, cpus=1, memory=None, stop_symbol="readline", stop_line=None,
            timeout=30, shared=True):
        key = (program, cpus, memory, stop_symbol, stop_line, timeout)
        if not shared or key not in _run_cache:
            m = Machine(flexjos, program=program, cpus=cpus, memory=memory,
                        use_gdb=stop_symbol is not None).start()
            try:
                if stop_symbol is not None and stop_line is None:
                    reached = m.run_to_symbol(stop_symbol, timeout)
                else:
                    if stop_symbol is not None:
                        m.gdb.set_breakpoint(flexjos.symbol(stop_symbol))
                        m.gdb.cont()
                    reached = m.wait_for(stop_line, timeout) is not None
            finally:
                m.stop()
            _run_cache[key] = Run(reached, m.text())
        result = _run_cache[key]
        request.node._flexjos_serial = result.log.text
        return result

    return run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "teardown":
        return
    serial = getattr(item, "_flexjos_serial", None)
    if serial is None:
        return
    os.makedirs(LOGDIR, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])
    with open(os.path.join(LOGDIR, name + ".log"), "w") as f:
        f.write(serial)


def lab_sort_key(lab):
    return (0, int(lab)) if lab.isdigit() else (1, lab)


class ScoreBoard:
    """Adds up points per lab. Runs on the controller, with xdist too, where
    reports arrive from the workers with the item's user_properties."""

    def __init__(self, config):
        self.config = config
        self.start = time.monotonic()
        self.results = {}

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if "lab" not in props:
            return
        entry = self.results.setdefault(
            report.nodeid, {"lab": props["lab"], "points": props["points"], "passed": True})
        # A test earns its points only if setup, call and teardown all passed.
        if report.failed or report.skipped:
            entry["passed"] = False

    def pytest_terminal_summary(self, terminalreporter):
        if self.results:
            write_score(terminalreporter, self.results, time.monotonic() - self.start)


def write_score(tr, results, seconds):
    per_lab = {}
    for entry in results.values():
        earned, total = per_lab.get(entry["lab"], (0, 0))
        per_lab[entry["lab"]] = (earned + (entry["points"] if entry["passed"] else 0),
                                 total + entry["points"])
    tr.section("FlexJOS score")
    for lab in sorted(per_lab, key=lab_sort_key):
        earned, total = per_lab[lab]
        title = "Lab %s" % lab if lab.isdigit() else lab
        tr.write_line("%s: %d/%d" % (title, earned, total))
    earned = sum(e for e, _ in per_lab.values())
    total = sum(t for _, t in per_lab.values())
    tr.write_line("Score: %d/%d" % (earned, total))
    tr.write_line("Wall time: %.1f s" % seconds)
