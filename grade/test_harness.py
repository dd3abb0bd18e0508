"""The grading harness itself: when a wait gives up early and what a failure
says, the summary's root causes and timings, and lab names. Most tests feed a
fake serial stream (a shell script standing in for QEMU), so they need no
kernel; the last two boot the real one."""
import re
import shlex
import time
import types

import pytest

import conftest
import schedule
import serial_log
import timing
from machine import Machine
from serial_log import SerialLog, outcome_known

pytestmark = [pytest.mark.lab(1), pytest.mark.points(0)]

BOOT = "\n6828 decimal is 15254 octal!\n"
PANIC_LINE = "kernel panic at kern/pmap.cpp:321: page_insert: bad pp"
MONITOR = ("Welcome to the JOS kernel monitor!\nType 'help' for a list of commands.\n"
           "Free physical pages: 30000\nK> ")
IDLE = 1.0  # seconds since the last output: the monitor's prompt has settled


def fake_machine(script, tmp_path):
    """A Machine whose "QEMU" is sh running script (Machine's QEMU flags become
    its unused positional arguments)."""
    config = types.SimpleNamespace(qemu="sh", qemuopts="-c %s fake-qemu" % shlex.quote(script),
                                   root=str(tmp_path), timeout_scale=1)
    return Machine(config)


def printing(text, then="sleep 30"):
    return "printf '%%s' %s; %s" % (shlex.quote(text), then)


# outcome_known: the decision, on fixed text.

def test_a_panic_ends_the_wait_with_its_line():
    text = BOOT + PANIC_LINE + "\n" + MONITOR
    assert outcome_known(text, 0, "never") == "the kernel panicked: " + PANIC_LINE


def test_a_panic_line_counts_once_complete_and_only_after_start():
    assert outcome_known(BOOT + "kernel panic at kern/pmap.cpp:3", 0, "x", quiet_seconds=IDLE) is None
    text = BOOT + PANIC_LINE + "\n"
    assert outcome_known(text, len(text), "x") is None


def test_a_wait_for_a_panic_can_opt_out():
    text = BOOT + PANIC_LINE + "\n"
    assert outcome_known(text, 0, "x", give_up_on=()) is None


def test_qemu_exit_always_ends_the_wait():
    assert outcome_known(BOOT, 0, "x", give_up_on=(), exited=True, exit_status=1) == \
        "QEMU exited (status 1)"


def test_the_idle_monitor_on_one_cpu_ends_the_wait():
    assert outcome_known(BOOT + MONITOR, 0, "hello", quiet_seconds=IDLE) == \
        "the kernel reached the monitor without printing 'hello'"
    # Only once the prompt has settled, and not when opted out.
    assert outcome_known(BOOT + MONITOR, 0, "hello", quiet_seconds=0.05) is None
    assert outcome_known(BOOT + MONITOR, 0, "hello", give_up_on=("panic",), quiet_seconds=IDLE) is None


def test_on_more_cpus_only_a_monitor_with_nothing_left_to_run_ends_the_wait():
    # A user breakpoint's monitor on one CPU: the other CPU keeps running programs.
    text = BOOT + "breakpointbusy: child tick 3\n" + MONITOR
    assert outcome_known(text, 0, "tick 9", cpus=2, quiet_seconds=IDLE) is None
    text = BOOT + "No runnable environments in the system!\n" + MONITOR
    assert outcome_known(text, 0, "tick 9", cpus=2, quiet_seconds=IDLE) is not None


def test_a_prompt_before_start_or_before_typing_does_not_end_the_wait():
    text = BOOT + MONITOR
    assert outcome_known(text, len(text), "x", quiet_seconds=IDLE) is None
    assert outcome_known(text, 0, "x", typed_at=len(text), quiet_seconds=IDLE) is None


# Machine.wait_for on a fake serial stream: it returns as soon as it knows.

def timed_wait(machine, pattern, timeout, **kwargs):
    began = time.monotonic()
    try:
        match = machine.start().wait_for(pattern, timeout=timeout, **kwargs)
    finally:
        machine.stop()
    return match, time.monotonic() - began


def test_wait_for_stops_at_a_panic_not_at_the_timeout(tmp_path):
    m = fake_machine(printing(BOOT + PANIC_LINE + "\n" + MONITOR), tmp_path)
    match, seconds = timed_wait(m, r"^never$", 30)
    assert match is None and seconds < 5, seconds
    assert m.stopped == "the kernel panicked: " + PANIC_LINE


def test_wait_for_stops_when_qemu_exits_and_gives_its_status(tmp_path):
    m = fake_machine(printing(BOOT, then="exit 3"), tmp_path)
    match, seconds = timed_wait(m, r"^never$", 30)
    assert match is None and seconds < 5, seconds
    assert m.stopped == "QEMU exited (status 3)"


def test_wait_for_stops_at_the_idle_monitor(tmp_path):
    m = fake_machine(printing(BOOT + "No runnable environments in the system!\n" + MONITOR), tmp_path)
    match, seconds = timed_wait(m, r"^hello$", 30)
    assert match is None and seconds < 5, seconds
    assert m.stopped == "the kernel reached the monitor without printing '^hello$'"


def test_wait_for_still_finds_a_line_printed_before_the_panic(tmp_path):
    m = fake_machine(printing(BOOT + "hello\n" + PANIC_LINE + "\n"), tmp_path)
    match, _ = timed_wait(m, r"^hello$", 30)
    assert match and m.stopped is None


def test_an_opted_out_wait_runs_to_its_timeout_and_says_so(tmp_path):
    m = fake_machine(printing(BOOT + PANIC_LINE + "\n" + MONITOR), tmp_path)
    match, seconds = timed_wait(m, r"^never$", 1, give_up_on=())
    assert match is None and seconds >= 1
    assert m.stopped == "timed out after 1 s"


def test_the_machine_measures_the_time_to_the_first_line(tmp_path):
    m = fake_machine("sleep 0.3; " + printing(BOOT + "hello\n"), tmp_path)
    timed_wait(m, r"^hello$", 10)
    assert 0.3 <= m.first_line_seconds < 3, m.first_line_seconds


# What a failure says.

def test_a_failure_says_why_the_boot_ended_and_names_the_log(monkeypatch):
    monkeypatch.setattr(serial_log, "current_log_path", "obj/grade/logs/test_x.log")
    message = SerialLog(BOOT, stopped="timed out after 30 s").failure("no monitor prompt")
    assert message.startswith("no monitor prompt: timed out after 30 s\n")
    assert message.endswith("\nlog: obj/grade/logs/test_x.log")


def test_a_failure_names_a_panic_even_when_the_wait_did_not_stop_for_it():
    log = SerialLog(BOOT + PANIC_LINE + "\n" + MONITOR)
    with pytest.raises(AssertionError) as failure:
        log.expect(r"hello$")
    assert str(failure.value).startswith("(the kernel panicked: %s)\nMISSING  hello$" % PANIC_LINE)


# The summary.

def result(passed, panic=None, seconds=1.0, boots=()):
    return {"lab": "1", "points": 5, "passed": passed, "seconds": seconds, "cpu": 0.0,
            "harness_cpu": 0.0, "boots": list(boots), "panic": panic}


def test_failures_with_the_same_panic_are_one_root_cause():
    other = "kernel panic at kern/env.cpp:9: env_free: still mapped"
    results = {"t_a": result(False, PANIC_LINE), "t_b": result(False, other),
               "t_c": result(False, PANIC_LINE), "t_d": result(True, PANIC_LINE),
               "t_e": result(False)}
    assert conftest.root_causes(results) == [(PANIC_LINE, ["t_a", "t_c"]), (other, ["t_b"])]


class Terminal:
    def __init__(self):
        self.lines = []

    def write_line(self, line):
        self.lines.append(line)

    def section(self, title):
        self.lines.append("== %s ==" % title)


def test_the_summary_gives_the_median_boot_the_cpu_time_and_the_five_slowest_tests():
    results = {"t%d" % i: result(True, seconds=float(i), boots=[0.1 * i]) for i in range(1, 8)}
    for i, entry in enumerate(results.values()):
        entry["cpu"] = 0.5 * i
    tr = Terminal()
    conftest.write_timing(tr, results)
    assert tr.lines[0] == "Boot to the kernel's first line: median 0.40 s over 7 boots"
    assert tr.lines[1] == "CPU time of QEMU and the tools the tests ran: 10 s"
    assert tr.lines[2] == "Slowest tests (wall time, CPU time):"
    assert tr.lines[3].split() == ["7.0", "s", "3.0", "s", "t7"]
    assert [line.split()[-1] for line in tr.lines[3:]] == ["t7", "t6", "t5", "t4", "t3"]


# Lab names.

def test_lab_names_match_in_any_case():
    labs = conftest.labs_in(conftest.os.path.dirname(conftest.__file__))
    assert {"1", "2", "3", "4", "5", "FlexSC", "Hardening"} <= set(labs)
    assert conftest.lab_named("flexsc", labs) == "FlexSC"
    assert conftest.lab_named("HARDENING", labs) == "Hardening"
    assert conftest.lab_named("3", labs) == "3"


def test_an_unknown_lab_lists_the_labs():
    with pytest.raises(pytest.UsageError, match=r"no lab called '9': the labs are 1, 2, 3, 4, 5, FlexSC"):
        conftest.lab_named("9", ["1", "2", "3", "4", "5", "FlexSC", "Hardening"])


# The real kernel.

def test_a_wait_for_a_line_the_kernel_never_prints_ends_at_the_monitor(boot):
    m = boot(program="hello")
    began = time.monotonic()
    # Half the timeout: ample for a loaded machine, far from waiting it out.
    assert m.wait_for(r"^a line hello never prints$", timeout=60) is None
    assert time.monotonic() - began < 30
    assert re.match(r"the kernel reached the monitor without printing", m.stopped), m.stopped
    assert m.first_line_seconds is not None


def test_run_kernel_says_why_its_stop_line_never_came(run_kernel):
    run = run_kernel("hello", stop_symbol=None, stop_line=r"^a line hello never prints$", timeout=30)
    assert not run.reached
    assert "the kernel reached the monitor without printing" in run.log.failure("no line")


def test_a_failure_after_a_panic_shows_the_lines_up_to_it():
    text = BOOT + "".join("line %d\n" % i for i in range(30)) + PANIC_LINE + "\n" + MONITOR
    message = SerialLog(text).failure("no line")
    shown = message.split("--- the serial log up to the panic ---\n")[1].splitlines()
    assert shown[0] == "line 21" and shown[9] == PANIC_LINE and "Welcome" not in message


def test_a_stop_line_wait_ends_at_the_stop_symbol(run_kernel):
    began = time.monotonic()
    run = run_kernel("hello", stop_symbol="readline", stop_line=r"^a line hello never prints$",
                     timeout=60)
    assert not run.reached and time.monotonic() - began < 30
    assert run.log.stopped == "the kernel reached readline without printing '^a line hello never prints$'"


# The order of the next run (grade/timing.py, grade/schedule.py).

def test_the_last_runs_long_tests_start_first_and_a_partial_run_keeps_the_others(tmp_path):
    path = str(tmp_path / "timing.tsv")
    full = {"f.py::a": result(True, seconds=0.5), "f.py::b": result(True, seconds=3.0),
            "f.py::c": result(True, seconds=2.5), "g.py::d": result(True, seconds=1.0),
            "g.py::gone": result(True, seconds=9.0)}
    timing.save_timing(path, full)
    # make grade LAB=...: g.py only, where gone no longer is; f.py's times stay.
    timing.save_timing(path, {"g.py::d": result(True, seconds=4.0)})
    assert set(timing.read_timing(path)) == {"f.py::a", "f.py::b", "f.py::c", "g.py::d"}
    names = ["f.py::a", "f.py::b", "f.py::c", "g.py::d", "g.py::new"]
    assert timing.long_tests(path, names) == ["g.py::d", "f.py::b", "f.py::c"]
    items = [types.SimpleNamespace(nodeid=n) for n in ("f.py::a", "f.py::b", "g.py::new", "f.py::c", "g.py::d")]
    assert [i.nodeid for i in timing.longest_first(path, items)] == \
        ["g.py::d", "f.py::b", "f.py::c", "f.py::a", "g.py::new"]
    assert timing.longest_first(str(tmp_path / "none.tsv"), items) == items


def test_tests_that_mostly_waited_are_spread_among_the_others(tmp_path):
    path = str(tmp_path / "timing.tsv")
    results = {"t.py::b%d" % i: result(True, seconds=1.0) for i in range(6)}
    for i in range(6):
        results["t.py::b%d" % i]["cpu"] = 0.9  # busy
    for i in range(2):
        results["t.py::w%d" % i] = result(True, seconds=1.5)  # 0 s of CPU: waited
    timing.save_timing(path, results)
    collected = ["t.py::b%d" % i for i in range(6)] + ["t.py::w0", "t.py::w1"]
    items = [types.SimpleNamespace(nodeid=n) for n in collected]
    order = [i.nodeid.split("::")[1] for i in timing.longest_first(path, items)]
    assert order == ["b0", "b1", "w0", "b2", "b3", "b4", "w1", "b5"]


class FakeWorker:
    def __init__(self, name):
        self.gateway = types.SimpleNamespace(id=name)
        self.sent = []
        self.shutting_down = False

    def send_runtest_some(self, indices):
        self.sent.extend(indices)

    def shutdown(self):
        self.shutting_down = True


def test_the_long_tests_are_dealt_one_per_worker_then_the_rest_in_runs(tmp_path):
    path = str(tmp_path / "timing.tsv")
    timing.save_timing(path, {"t%d" % i: result(True, seconds=10.0 - i) for i in range(5)})
    collection = ["t%d" % i for i in range(5)] + ["s%d" % i for i in range(40)]
    config = types.SimpleNamespace(getvalue=lambda name: ["3*popen"])
    scheduler = schedule.LongestFirstScheduling(config, path)
    workers = [FakeWorker("gw%d" % i) for i in range(3)]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, collection)
    scheduler.schedule()
    # t0..t4 (indices 0-4), longest first, one per worker in turn; then each
    # worker gets a run of consecutive others, none sent twice.
    assert [[i for i in w.sent if i < 5] for w in workers] == [[0, 3], [1, 4], [2]]
    assert [w.sent[0] for w in workers] == [0, 1, 2]
    others = [[i for i in w.sent if i >= 5] for w in workers]
    assert all(run and run == list(range(run[0], run[0] + len(run))) for run in others)
    sent = sorted(i for run in others for i in run)
    assert sent == sorted(set(sent))
