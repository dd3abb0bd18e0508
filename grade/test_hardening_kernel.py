"""Hardening: hostile user programs against the kernel itself. Each test is a
regression test for a way an unprivileged program once took the machine down
(doc/security.md); it passes only if the kernel stays up and says why it
refused."""
import re

import pytest
from monitor_session import type_command

pytestmark = pytest.mark.lab("Hardening")

PANIC = r"kernel panic"


def run_to_monitor(run_kernel, program, cpus=1):
    run = run_kernel(program, cpus=cpus)
    assert run.reached, run.log.failure("%s never reached the monitor" % program)
    return run


@pytest.mark.points(5)
def test_writes_into_the_page_table_view_are_refused_on_every_path(run_kernel):
    run = run_to_monitor(run_kernel, "uvptwrite")
    run.log.expect(r"uvptwrite: target ef4.....$",
                   r"\[00001001\] user_mem_check assertion failure for va ef4.....$",
                   r"\[00002001\] user_mem_check assertion failure for va ef4.....$",
                   r"uvptwrite: flexsc: segmentation fault$",
                   r"uvptwrite: the kernel is still up$",
                   absent=[PANIC, r"uvptwrite: .*instead of destroying me"])


@pytest.mark.points(5)
@pytest.mark.parametrize("cpus", [1, 2])
def test_a_hostile_frame_pointer_never_reaches_a_kernel_stack_walk(run_kernel, cpus):
    run = run_to_monitor(run_kernel, "hostileebp", cpus=cpus)
    per_ebp = []
    for ebp in ("efff7000", "fffffffc"):
        per_ebp += [r"hostileebp: %s: [1-9][0-9]* timer interrupts while spinning$" % ebp,
                    r"hostileebp: %s: getenvid ok$" % ebp,
                    r"\[........\] user fault va 00000000 ip 008.....$",
                    r"hostileebp: %s: children done$" % ebp]
    run.log.expect(*per_ebp, r"hostileebp: the kernel is still up$", absent=[PANIC])


@pytest.mark.points(5)
def test_children_a_dead_parent_never_started_are_freed(run_kernel):
    run = run_to_monitor(run_kernel, "orphan")
    run.log.expect(*[r"orphan: made child 0000100%d, not started$" % i for i in (1, 2, 3)],
                   r"\[00001000\] free env 00001000$",
                   r"\[00001000\] free env 00001001$",
                   r"\[00001000\] free env 00001002$",
                   r"\[00001000\] free env 00001003$", absent=[PANIC])
    run.log.expect_no_page_leak()


@pytest.mark.points(5)
def test_cputs_refuses_more_than_a_page_by_every_path(run_kernel):
    run = run_to_monitor(run_kernel, "cputsmax")
    run.log.expect(r"cputsmax: 4097 bytes by int \$0x30: invalid parameter$",
                   r"cputsmax: 4097 bytes by sysenter: invalid parameter$",
                   r"\.{4096}$",
                   r"cputsmax: write of 4097 bytes to the console wrote 4097$", absent=[PANIC])


@pytest.mark.points(5)
def test_set_status_neither_revives_a_dying_env_nor_lets_a_late_completion_wake_it(run_kernel):
    run = run_to_monitor(run_kernel, "setstatus", cpus=2)
    run.log.expect(r"setstatus: child: flexsc_wait ended by the parent$",
                   r"setstatus: after the message the child is still stopped$",
                   r"setstatus: child: restarted, set_status returned 0$",
                   r"setstatus: child: the receive returned 0$",
                   r"setstatus: set_status of a child being destroyed: bad environment$",
                   r"setstatus: the destroyed child was freed$", absent=[PANIC])
    run.log.expect_no_page_leak()


@pytest.mark.points(5)
def test_a_syscall_threads_stack_has_an_unmapped_guard_page_below_it(boot):
    # The first thread's stack is slot 0 of kern/thread_stack.cpp: the guard
    # at MMIOLIM (0xefc00000), the stack page above it.
    m = boot(program="flexscstack")
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    out = type_command(m, "showmappings 0xefc00000 0xefc01fff")
    assert re.search(r"^efc00000-efc00fff    not mapped$", out, re.M), m.log().failure(
        "no unmapped guard page of its own at efc00000")
    assert re.search(r"^efc01000-efc01fff -> [0-9a-f]{8} 4K P W( A)?( D)?$", out, re.M), m.log().failure(
        "no stack page above the guard")
    type_command(m, "continue")
    assert m.wait_until_all_exited(), m.log().failure("the monitor never counted the pages after the programs")
    m.log().expect(r"flexscstack: the thread served getenvid: ok$", r"flexscstack: resumed$",
                   r"\[00001000\] free env 00001001$", absent=[PANIC])
    m.log().expect_no_page_leak()
