"""Hardening: no user program can stop the machine with a breakpoint or the
trap flag. The monitor of a user trap lets the other CPUs run; booted with
+usertrap=destroy, such a trap ends only the environment that raised it."""
import re
import subprocess

import pytest
from monitor_session import type_command
from serial_log import save_serial
from test_tools import run_make_until

pytestmark = pytest.mark.lab("Hardening")

NO_CRASH = [r".*kernel panic", r".*SURVIVED"]
CHILD_GONE = r"usertrap: child 00001001 is gone; parent 00001000 still runs$"
TICK = r"breakpointbusy: child tick (\d+)$"


def destroyed_line(what):
    return r"\[00001001\] user %s at eip 008.....: destroyed \(\+usertrap=destroy\)$" % re.escape(what)


@pytest.mark.points(10)
def test_other_cpus_run_while_the_monitor_waits_at_a_user_breakpoint(boot):
    m = boot(program="breakpointbusy", cpus=2)
    prompt = m.wait_for(r"K> ", timeout=30)
    assert prompt, m.log().failure("no monitor prompt")
    ticks = [int(t) for t in re.findall(r"child tick (\d+)$", m.text()[:prompt.end()], re.M)]
    assert ticks, m.log().failure("the child never ran before the breakpoint")
    # The child runs on the other CPU and enters the kernel for every line:
    # with the kernel lock kept by the monitor it would stop at the next one.
    goal = ticks[-1] + 5
    assert m.wait_for(r"child tick %d$" % goal, timeout=20, start=prompt.end()), m.log().failure(
        "the child stopped while the monitor waited (last tick before the prompt: %d)" % ticks[-1])
    type_command(m, "continue")
    m.wait_until_all_exited()
    m.log().expect(r"breakpointbusy: parent stops at a breakpoint$", r"  trap 0x00000003 Breakpoint$",
                   r"breakpointbusy: parent resumed$", r"\[00001000\] exiting gracefully$",
                   absent=NO_CRASH)
    m.log().expect_no_page_leak()


@pytest.mark.points(5)
def test_env_destroyed_while_stopped_in_the_monitor_is_freed_on_continue(boot):
    m = boot(program="usertrap int3kill", cpus=2)
    assert m.wait_for(r"usertrap: parent destroyed child 00001001 stopped in the monitor \(0\)$",
                      timeout=30), m.log().failure("the parent could not destroy the stopped child")
    type_command(m, "continue")
    assert m.wait_for(r"^No runnable environments in the system!$", timeout=20), m.log().failure(
        "the programs never ended")
    m.wait_until_all_exited()
    m.log().expect(r"\[00001001\] free env 00001001$", CHILD_GONE, r"\[00001000\] free env 00001000$",
                   absent=NO_CRASH)
    m.log().expect_no_page_leak()


@pytest.mark.points(5)
@pytest.mark.parametrize("how, what", [
    ("int3", "breakpoint"),
    ("popf", "debug trap (trap flag)"),
    ("settf", "debug trap (trap flag)"),
])
def test_usertrap_destroy_ends_only_the_trapping_env(run_kernel, how, what):
    run = run_kernel("+usertrap=destroy usertrap " + how, cpus=2)
    assert run.reached, run.log.failure("never reached the final monitor")
    run.log.expect(r"usertrap: child 00001001 stops by %s$" % how, destroyed_line(what),
                   r"\[00001001\] free env 00001001$", CHILD_GONE, r"\[00001000\] exiting gracefully$",
                   r"No runnable environments in the system!$", r"Welcome to the JOS kernel monitor!$",
                   absent=NO_CRASH + [r"  trap 0x0000000[13] "])
    assert len(run.log.find_all(r"Welcome to the JOS kernel monitor!$")) == 1, run.log.failure(
        "the monitor ran for the user trap")
    run.log.expect_no_page_leak()


@pytest.mark.points(5)
def test_user_panic_under_usertrap_destroy_shows_the_message_and_ends_the_env(run_kernel):
    run = run_kernel("+usertrap=destroy usertrap panic", cpus=2)
    assert run.reached, run.log.failure("never reached the final monitor")
    run.log.expect(r"\[00001001\] user panic in usertrap at user/usertrap.cpp:\d+: deliberate panic in the child$",
                   destroyed_line("breakpoint"), r"\[00001001\] free env 00001001$", CHILD_GONE,
                   absent=NO_CRASH)
    run.log.expect_no_page_leak()


@pytest.mark.points(0)
def test_without_the_option_a_user_breakpoint_still_enters_the_monitor(run_kernel):
    run = run_kernel("usertrap int3")
    assert run.reached, run.log.failure("never reached the monitor")
    run.log.expect(r"usertrap: child 00001001 stops by int3$", r"Welcome to the JOS kernel monitor!$",
                   r"  trap 0x00000003 Breakpoint$", absent=NO_CRASH + [r".*destroyed \(\+usertrap"])


@pytest.mark.points(0)
def test_make_usertrap_destroy_boots_with_the_option(flexjos, request):
    args = ["run-usertrap-nox", "ARGS=int3", "USERTRAP=destroy"]
    out = run_make_until(flexjos.root, args + ["QEMUEXTRA=-snapshot"] + flexjos.make_args,
                         CHILD_GONE)
    save_serial(request.node, out)
    assert re.search(destroyed_line("breakpoint"), out, re.M) and re.search(CHILD_GONE, out, re.M), out[-3000:]


@pytest.mark.points(0)
def test_make_rejects_an_unknown_usertrap_value(flexjos):
    r = subprocess.run(["make", "-n", "--no-print-directory", "run-hello-nox", "USERTRAP=bogus"],
                       cwd=flexjos.root, capture_output=True, text=True)
    assert r.returncode != 0 and "USERTRAP=bogus: expected USERTRAP=destroy or USERTRAP=monitor" in r.stderr, \
        r.stdout + r.stderr
