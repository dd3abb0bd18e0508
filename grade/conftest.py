"""pytest plumbing for FlexJOS grading: QEMU fixtures, points, per-lab scores.

Tests declare their lab and points with markers:
    pytestmark = pytest.mark.lab(1)          # in the module
    @pytest.mark.points(20)                  # on a test
`make grade` prints a score per lab and in total, the wall time, the median
boot time, the slowest tests and each kernel panic that failed tests (once,
with the tests it hit), and writes JUnit XML; every test's serial log is saved
to obj/grade/logs/<test>.log, and a failure names that file; obj/grade/results.json
has the results in Gradescope's format (gradescope.py).
`make SANITIZE=1 grade` runs the same tests against the sanitized build in
obj/sanitize/ (FLEXJOS_OBJDIR and FLEXJOS_SANITIZE tell the harness).
"""
import glob
import os
import re
import resource
import shlex
import socket
import statistics
import subprocess
import sys
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OBJDIR = os.path.join(ROOT, os.environ.get("FLEXJOS_OBJDIR") or "obj")
# The test modules' compiled (and pytest's assertion-rewritten) code is kept
# under obj/, whatever the environment says: compiling them again in each
# worker of each run cost about 0.4 s of CPU per worker. Programs the tests
# start keep the environment's choice.
sys.pycache_prefix = os.path.join(OBJDIR, "pycache")
sys.dont_write_bytecode = False

sys.path.insert(0, os.path.dirname(__file__))
import gradescope  # noqa: E402
import serial_log  # noqa: E402
import timing  # noqa: E402
from machine import Machine  # noqa: E402
from serial_log import EARLY_STOPS, SerialLog, save_serial  # noqa: E402

LOGDIR = os.path.join(OBJDIR, "grade", "logs")
TIMING_PATH = os.path.join(OBJDIR, "grade", "timing.tsv")  # each test's times (grade/timing.py)
PCAPDIR = os.path.join(OBJDIR, "grade", "pcap")  # lab 6's packet captures, one per test
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
        # Without the network card (conf/net.mk): its host ports are fixed per
        # checkout, so two such runs at once would collide. Lab 6 uses net_kernel.
        self.make_args += ["NET=0"]
        # Checked code runs two to three times slower: every wait is stretched.
        self.timeout_scale = 3 if SANITIZED else 1
        self.qemu = os.environ.get("FLEXJOS_QEMU") or make_print("print-qemu")
        self.qemuopts = os.environ.get("FLEXJOS_QEMUOPTS") or make_print("print-qemuopts")
        # The kernel's ELF for QEMU to load directly (grade/Makefrag sets it; tests
        # marked boot_sector, and every test without it, boot from the disk).
        self.kernel_elf = os.environ.get("FLEXJOS_KERNEL") or None
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


def make_print(target, *variables):
    args = (["SANITIZE=1"] if SANITIZED else []) + list(variables)
    out = subprocess.run(["make", "-s", "--no-print-directory", target] + args, cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout
    return out.strip()


def pytest_addoption(parser):
    parser.addoption("--lab", default=None,
                     help="run only this lab's tests (1, 2, ..., FlexSC, Hardening; any case)")


def pytest_configure(config):
    config.addinivalue_line("markers", "lab(name): the lab a test module belongs to")
    config.addinivalue_line("markers", "points(n): points a test is worth")
    config.addinivalue_line("markers", "boot_sector: boot through the real boot sector "
                            "(the others let QEMU load the kernel, which is faster)")
    config.addinivalue_line("markers", "interleaved_cpus: the emulated CPUs take turns on one "
                            "host thread (faster; for tests that are not about races between CPUs)")
    wanted = config.getoption("--lab")
    if wanted is not None:
        config.option.lab = lab_named(wanted, labs_in(os.path.dirname(__file__)))
    config.pluginmanager.register(ScoreBoard(config), "flexjos-scoreboard")
    gradescope.register(config, os.path.join(OBJDIR, "grade", "results.json"))
    if config.pluginmanager.hasplugin("xdist"):
        import schedule  # imports xdist
        config.pluginmanager.register(schedule.XdistScheduler(TIMING_PATH), "flexjos-schedule")


def labs_in(directory):
    """The labs the test files in directory declare (pytestmark = pytest.mark.lab(...)),
    read from the files: the controller checks --lab before any collection."""
    labs = set()
    for path in glob.glob(os.path.join(directory, "test_*.py")):
        with open(path) as f:
            labs.update(m.group(1) for m in re.finditer(r"pytest\.mark\.lab\(\"?(\w+)\"?\)", f.read()))
    return sorted(labs, key=lab_sort_key)


def lab_aliases():
    """{"7": "FlexSC"}: conf/lab.mk's LAB_NAME_N lines (lab N's tests carry that name)."""
    aliases = {}
    path = os.path.join(ROOT, "conf", "lab.mk")
    if os.path.exists(path):
        with open(path) as f:
            aliases.update(re.findall(r"(?m)^LAB_NAME_(\d+)\s*:?=\s*(\S+)", f.read()))
    return aliases


def lab_named(name, labs):
    """The lab called name, in any case (LAB=flexsc is FlexSC, and so is LAB=7,
    conf/lab.mk); an unknown name is a usage error that lists the labs."""
    name = lab_aliases().get(str(name).strip(), name)
    for lab in labs:
        if lab.lower() == str(name).strip().lower():
            return lab
    raise pytest.UsageError("no lab called %r: the labs are %s" % (name, ", ".join(labs)))


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
    items[:] = timing.longest_first(TIMING_PATH, keep)


@pytest.fixture(scope="session")
def flexjos():
    return Config()


def log_path(item):
    """Where item's serial log is saved (relative to the repository in messages)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])
    return os.path.join(LOGDIR, name + ".log")


def children_cpu_seconds():
    """CPU time of this process's finished children (QEMU, make, gdb): what a
    test costs whatever the machine's load, unlike its wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def harness_cpu_seconds():
    """CPU time of this pytest process itself (its threads included): the
    harness's own share of a test (watching the serial line, building images)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    serial_log.current_log_path = os.path.relpath(log_path(item), ROOT)
    item.stash[serial_log.BOOTS] = []
    item.stash[serial_log.CPU_START] = (children_cpu_seconds(), harness_cpu_seconds())


def record_boot(request, machine):
    """Notes how long machine took to print its first line, for the summary."""
    if machine.first_line_seconds is not None:
        request.node.stash[serial_log.BOOTS].append(round(machine.first_line_seconds, 3))


def machine_options(request):
    """The Machine options a test asks for with its markers."""
    return {"boot_sector": request.node.get_closest_marker("boot_sector") is not None,
            "interleaved_cpus": request.node.get_closest_marker("interleaved_cpus") is not None}


@pytest.fixture
def boot(flexjos, request):
    """boot(program=None, cpus=1, memory=None, gdb=False, fs_image=None, programs=None)
    starts QEMU and returns the Machine. Every machine is stopped at the end of
    the test and its serial output saved to obj/grade/logs/<test>.log."""
    machines = []

    def start(program=None, cpus=1, memory=None, gdb=False, qemu_extra=(), fs_image=None,
              programs=None):
        m = Machine(flexjos, program=program, cpus=cpus, memory=memory, use_gdb=gdb,
                    qemu_extra=qemu_extra, fs_image=fs_image, programs=programs,
                    **machine_options(request))
        machines.append(m)
        return m.start()

    yield start
    texts = []
    for m in machines:
        m.stop()
        texts.append(m.text())
        record_boot(request, m)
    if machines:
        save_serial(request.node, "\n".join(texts))


def free_port():
    """A port number free on 127.0.0.1 for both TCP and UDP (QEMU forwards both)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port


@pytest.fixture(scope="session")
def _netopts_templates():
    """conf/net.mk's QEMU network flags with placeholders for the ports and
    capture, without and with the raw path (NET_RAW=1)."""
    names = ["NET_ECHO_PORT=@ECHO@", "NET_HTTP_PORT=@HTTP@", "NET_PCAP=@PCAP@",
             "NET_RAW_QEMU_PORT=@RAWQEMU@", "NET_RAW_HOST_PORT=@RAWHOST@"]
    return {raw: make_print("print-qemu-netopts", "NET_RAW=%d" % raw, *names) for raw in (0, 1)}


@pytest.fixture
def net_kernel(boot, _netopts_templates, request):
    """net_kernel(program, cpus=1, raw=False) boots like boot(), with the E1000 on
    QEMU's user network (conf/net.mk's flags) and this test's own free host ports
    and packet capture, so tests run in parallel. The Machine gets echo_port
    (guest TCP/UDP 7), http_port (guest TCP 80) and pcap (the capture's path,
    under obj/grade/pcap/). raw=True also puts a raw path on the card's hub
    (conf/net.mk's NET_RAW): the Machine's raw_qemu_port takes frames as UDP
    datagrams, and the hub's frames arrive at its raw_host_port."""

    def start(program, cpus=1, raw=False):
        pcap = os.path.splitext(log_path(request.node))[0].replace(LOGDIR, PCAPDIR) + ".pcap"
        os.makedirs(PCAPDIR, exist_ok=True)
        if os.path.exists(pcap):
            os.remove(pcap)
        ports = {"@ECHO@": free_port(), "@HTTP@": free_port()}
        if raw:
            ports.update({"@RAWQEMU@": free_port(), "@RAWHOST@": free_port()})
        opts = _netopts_templates[int(raw)].replace("@PCAP@", pcap)
        for placeholder, port in ports.items():
            opts = opts.replace(placeholder, str(port))
        m = boot(program, cpus=cpus, qemu_extra=shlex.split(opts))
        m.echo_port, m.http_port, m.pcap = ports["@ECHO@"], ports["@HTTP@"], pcap
        m.raw_qemu_port, m.raw_host_port = ports.get("@RAWQEMU@"), ports.get("@RAWHOST@")
        return m

    return start


class Run:
    """The outcome of booting to a stop point: whether it was reached, and the log."""

    def __init__(self, reached, text, stopped=None):
        self.reached = reached
        self.log = SerialLog(text, stopped=stopped)


@pytest.fixture(scope="session")
def _run_cache():
    return {}


def at_monitor_prompt():
    """(stop_symbol, stop_line, give_up_on) for stopping where the monitor
    waits for a command: its prompt is printed just before it calls readline,
    and nothing runs after it. A gdb breakpoint on readline marks the same
    moment but doubles the CPU time of a boot (QEMU's translated code checks
    for breakpoints while one is set: 0.4 -> 0.9 s). Like the breakpoint, it
    does not end at a panic: the monitor that follows is the stop."""
    return None, r"^%s" % re.escape(serial_log.PROMPT), ()


# run_kernel's default stop: the monitor waiting for a command (its readline).
AT_MONITOR = "the monitor's prompt"


@pytest.fixture
def run_kernel(flexjos, _run_cache, request):
    """run_kernel(program=None, cpus=1, memory=None, stop_symbol=AT_MONITOR,
    stop_line=None, timeout=30, shared=True, give_up_on=EARLY_STOPS) boots the
    kernel and stops it at the first of: the kernel reaching stop_symbol (a
    gdb-stub breakpoint; the default, the monitor waiting for a command, is
    watched for on the serial line instead: see at_monitor_prompt), a serial line
    matching stop_line, QEMU exiting, or the timeout; waiting for stop_line also
    ends at a kernel panic or the kernel idle at its monitor (Machine.wait_for's
    give_up_on). Run.log.failure() says which. Runs with the same arguments are
    shared within a worker process (several tests check one boot's output, as
    JOS's graders do) unless shared=False, which boots afresh (to repeat a run)."""

    def run(program=None, cpus=1, memory=None, stop_symbol=AT_MONITOR, stop_line=None,
            timeout=30, shared=True, give_up_on=EARLY_STOPS):
        if stop_symbol is AT_MONITOR and stop_line is None:
            stop_symbol, stop_line, give_up_on = at_monitor_prompt()
        elif stop_symbol is AT_MONITOR:
            # Waiting for stop_line already ends at the monitor's prompt
            # (give_up_on), so no breakpoint is needed to stop there either.
            stop_symbol = None
        options = machine_options(request)
        key = (program, cpus, memory, stop_symbol, stop_line, timeout, tuple(give_up_on),
               tuple(sorted(options.items())))
        if not shared or key not in _run_cache:
            m = Machine(flexjos, program=program, cpus=cpus, memory=memory,
                        use_gdb=stop_symbol is not None, **options).start()
            try:
                if stop_symbol is not None and stop_line is None:
                    reached = m.run_to_symbol(stop_symbol, timeout)
                else:
                    if stop_symbol is not None:
                        m.continue_to(stop_symbol)
                    reached = m.wait_for(stop_line, timeout, give_up_on=give_up_on) is not None
            finally:
                m.stop()
            record_boot(request, m)
            _run_cache[key] = Run(reached, m.text(), m.stopped)
        result = _run_cache[key]
        save_serial(request.node, result.log.text)
        return result

    return run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    boots_qemu = any(f in item.fixturenames for f in ("boot", "run_kernel", "net_kernel"))
    if report.failed and boots_qemu and serial_log.current_log_path not in report.longreprtext:
        report.sections.append(("serial log", serial_log.current_log_path))
    if report.when != "teardown":
        return
    # user_properties travel with reports to the xdist controller (ScoreBoard).
    report.user_properties.append(("boots", item.stash.get(serial_log.BOOTS, [])))
    children_start, harness_start = item.stash.get(
        serial_log.CPU_START, (children_cpu_seconds(), harness_cpu_seconds()))
    report.user_properties.append(("cpu", children_cpu_seconds() - children_start))
    report.user_properties.append(("harness_cpu", harness_cpu_seconds() - harness_start))
    serial = item.stash.get(serial_log.SERIAL, None)
    if serial is None:
        return
    panic = SerialLog(serial).first_panic()
    if panic:
        report.user_properties.append(("panic", panic))
    os.makedirs(LOGDIR, exist_ok=True)
    with open(log_path(item), "w") as f:
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
            report.nodeid, {"lab": props["lab"], "points": props["points"], "passed": True,
                            "seconds": 0.0, "cpu": 0.0, "harness_cpu": 0.0, "boots": [], "panic": None})
        # A test earns its points only if setup, call and teardown all passed.
        if report.failed or report.skipped:
            entry["passed"] = False
        entry["seconds"] += report.duration
        entry["cpu"] += props.get("cpu", 0.0)
        entry["harness_cpu"] += props.get("harness_cpu", 0.0)
        entry["boots"] += props.get("boots", [])
        entry["panic"] = props.get("panic", entry["panic"])

    def pytest_terminal_summary(self, terminalreporter):
        if self.results:
            write_score(terminalreporter, self.results, time.monotonic() - self.start)
            write_timing(terminalreporter, self.results)
            timing.save_timing(TIMING_PATH, self.results)
            write_root_causes(terminalreporter, self.results)


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


SLOWEST = 5


def write_timing(tr, results):
    """The median time from starting QEMU to the kernel's first line, and the slowest tests."""
    boots = [b for entry in results.values() for b in entry["boots"]]
    if boots:
        tr.write_line("Boot to the kernel's first line: median %.2f s over %d boots"
                      % (statistics.median(boots), len(boots)))
    # CPU time does not grow with the machine's load, so it compares runs.
    tr.write_line("CPU time of QEMU and the tools the tests ran: %.0f s"
                  % sum(entry["cpu"] for entry in results.values()))
    slowest = sorted(results.items(), key=lambda kv: -kv[1]["seconds"])[:SLOWEST]
    tr.write_line("Slowest tests (wall time, CPU time):")
    for nodeid, entry in slowest:
        tr.write_line("  %6.1f s %6.1f s  %s" % (entry["seconds"], entry["cpu"], nodeid))


def root_causes(results):
    """[(panic line, [failed tests whose log has it first])], most tests first."""
    by_panic = {}
    for nodeid, entry in results.items():
        if not entry["passed"] and entry["panic"]:
            by_panic.setdefault(entry["panic"], []).append(nodeid)
    return sorted(((panic, sorted(tests)) for panic, tests in by_panic.items()),
                  key=lambda pt: (-len(pt[1]), pt[0]))


def write_root_causes(tr, results):
    causes = root_causes(results)
    if not causes:
        return
    tr.section("kernel panics in failed tests (one root cause each)")
    for panic, tests in causes:
        tr.write_line("%s  -- %d test%s:" % (panic, len(tests), "" if len(tests) == 1 else "s"))
        for nodeid in tests:
            tr.write_line("    " + nodeid)
