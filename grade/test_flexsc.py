"""FlexSC: exception-less system calls through a syscall page served by a
kernel syscall thread (doc/flexsc.md). Its own score line: FlexSC."""
import re

import pytest
from monitor_session import type_command

pytestmark = pytest.mark.lab("FlexSC")

NO_CRASH = [r".*kernel panic", r".*user panic", r".*MISMATCH", r".*SHOULD NOT"]


def run_program(run_kernel, name, cpus=1, **kwargs):
    run = run_kernel(name, cpus=cpus, **kwargs)
    assert run.reached, run.log.failure("%s never reached the monitor" % name)
    return run




@pytest.mark.points(15)
def test_every_wrapper_returns_what_the_trap_returns(run_kernel):
    run = run_program(run_kernel, "flexscequiv")
    run.log.expect(r"flexscequiv: exofork through FlexSC: operation not supported$",
                   r"flexscequiv: all \d+ calls agree$", absent=[r"flexscequiv: .*: trap .*, FlexSC"] + NO_CRASH)


@pytest.mark.points(10)
def test_a_full_page_of_64_calls_costs_one_batch_and_one_kernel_entry(run_kernel):
    run = run_program(run_kernel, "flexscbatch")
    run.log.expect(r"flexscbatch: one wait completed 64 of 64 calls, 64 right; 1 batch\(es\), 1 kernel entries$",
                   absent=NO_CRASH)


@pytest.mark.points(10)
def test_10000_calls_reuse_entries_without_leaks(run_kernel):
    run = run_program(run_kernel, "flexscbatch")
    run.log.expect(r"\.{100}$", r"flexscbatch: 10000 calls in a loop, 0 wrong$", absent=NO_CRASH)
    run.log.expect_no_page_leak()


@pytest.mark.points(15)
def test_a_blocked_ipc_recv_does_not_hold_up_other_entries(run_kernel):
    run = run_program(run_kernel, "flexscipc")
    run.log.expect(r"flexscipc: receive entry blocked; 3 other entries completed meanwhile \(getenvid 00001000\)$",
                   r"flexscipc: receive completed: result 0, value 600d from 00001002, page intact$",
                   r"flexscipc: done$", absent=NO_CRASH)
    # The child's own line may come before or after the parent's (they run concurrently).
    run.log.expect(r"flexscipc: child 00001002 sent value 600d and a page$")
    run.log.expect_no_page_leak()


HOSTILE_LINES = [
    r"flexschostile: registering twice: invalid parameter; at an unaligned address: invalid parameter$",
    r"flexschostile: garbage: invalid parameter, segmentation fault, segmentation fault, segmentation fault, "
    r"segmentation fault, segmentation fault, invalid parameter; odd statuses left alone$",
    r"flexschostile: sibling rewrote entries for 200 rounds; kernel still up$",
    r"flexschostile: owner destroyed itself mid-batch: kernel still up$",
    r"flexschostile: syscall page unmapped under the thread; wait returned$",
    r"flexschostile: owner unmapped its syscall page: kernel still up$",
    r"flexschostile: owner faulted with entries pending: kernel still up$",
    r"flexschostile: owner killed by its parent while an entry was blocked: kernel still up$",
    r"flexschostile: done$",
]


@pytest.mark.points(20)
@pytest.mark.parametrize("cpus", [1, 2])
def test_hostile_input_keeps_the_kernel_up_and_frees_every_page(run_kernel, cpus):
    run = run_program(run_kernel, "flexschostile", cpus=cpus, timeout=60)
    run.log.expect(*HOSTILE_LINES, absent=NO_CRASH)
    run.log.expect_no_page_leak()


@pytest.mark.points(10)
def test_hostile_input_against_polling_threads(run_kernel):
    # The same cases with syscall threads that poll on CPUs 1 and 2 without the kernel lock.
    run = run_program(run_kernel, "flexschostile poll", cpus=4, timeout=60)
    run.log.expect(*HOSTILE_LINES, absent=NO_CRASH)
    run.log.expect_no_page_leak()


@pytest.mark.points(0)
@pytest.mark.parametrize("cpus", [4, 8])
def test_hostile_input_on_more_cpus(run_kernel, cpus):
    run = run_program(run_kernel, "flexschostile", cpus=cpus, timeout=90)
    run.log.expect(*HOSTILE_LINES, absent=NO_CRASH)
    run.log.expect_no_page_leak()


# One rule for a bad pointer (kern/user_ptr.h), by the calls of user/flexscfault:
# the call, its arguments as the program prints them, the first bad address.
BAD_POINTERS = [
    ("cputs", "eebfdff8, 10", "eebfe000"),              # runs off the stack into the gap above
    ("kstats", "eec00000, 0", "eec00000"),              # writes UENVS, read-only to users
    ("env_set_trapframe", "00000000, f0000000", "f0000000"),  # kernel memory
    ("net_try_transmit", "00001000, 3c", "00001000"),   # an unmapped page
    ("net_try_receive", "ef000000, 64", "ef000000"),    # writes UPAGES, read-only to users
]


@pytest.mark.points(5)
def test_a_bad_pointer_destroys_a_trap_caller_and_faults_a_posted_entry(run_kernel):
    run = run_program(run_kernel, "flexscfault")
    log = run.log
    owner = log.find_all(r"flexscfault: posted: \[(\w{8})\]")
    assert owner, log.failure("flexscfault posted nothing")
    owner = owner[0].group(1)
    for call, args, bad_va in BAD_POINTERS:
        for path in (r"int \$0x30", "sysenter"):
            # By trap: the child that made the call ends with the kernel's message.
            said = r"flexscfault: by %s: \[(\w{8})\] %s\(%s\)$" % (path, call, args)
            child = log.find_all(said)
            assert child, log.failure("MISSING  " + said)
            child = child[0].group(1)
            log.expect(said,
                       r"\[%s\] user_mem_check assertion failure for va %s$" % (child, bad_va),
                       r"\[%s\] free env %s$" % (child, child))
        # Posted: the same pointer is -E_FAULT in the entry, and the owner goes on.
        log.expect(r"flexscfault: posted: \[%s\] %s\(%s\) = -6 \(segmentation fault\)$"
                   % (owner, call, args))
    log.expect(r"flexscfault: done$", r"\[%s\] exiting gracefully$" % owner,
               absent=NO_CRASH + [r"\[%s\] user_mem_check" % owner])
    messages = log.find_all(r"\[\w{8}\] user_mem_check assertion failure")
    assert len(messages) == 2 * len(BAD_POINTERS), \
        log.failure("one user_mem_check message per call by trap, and none for a posted one")
    log.expect_no_page_leak()


DEMO_LINES = [
    r"\[00001000\] new flexsc thread 00001001$",
    r"flexsc: 7 calls by traps: getenvid 00001000, time \d+ ms, 7 kernel entries$",
    r"flexsc: hello through the syscall page$",
    r"flexsc: 7 calls in one batch: getenvid 00001000, time \d+ ms, 0 page_alloc errors$",
    r"flexsc: the wait returned 7 completions; 7 entries served; 1 kernel entries \(traps: 7\)$",
    r"flexsc: cycles per getenvid in batches of 64: \d+$",
    r"flexsc: done$",
    r"\[00001000\] free env 00001001$",
]


@pytest.mark.points(10)
def test_flexsc_demo(run_kernel):
    run = run_program(run_kernel, "flexsc")
    run.log.expect(*DEMO_LINES, absent=NO_CRASH)
    run.log.expect_no_page_leak()


@pytest.mark.points(0)
@pytest.mark.parametrize("cpus", [1, 2, 4])
@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_demos_run_cleanly_again_and_again(run_kernel, cpus, attempt):
    for program, lines in (("flexsc", DEMO_LINES), ("flexscipc", [r"flexscipc: done$"])):
        run = run_program(run_kernel, program, cpus=cpus, shared=False)
        run.log.expect(*lines, absent=NO_CRASH)
        run.log.expect_no_page_leak()


@pytest.mark.points(10)
def test_monitor_shows_the_syscall_thread_and_its_counters(boot):
    m = boot(program="flexscps")
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    out = type_command(m, "ps")
    assert re.search(r"^00001000  00000000  user +not-runnable|^00001000  00000000  user +running", out, re.M) or \
        re.search(r"^00001000 ", out, re.M), m.log().failure("ps does not list the program")
    assert re.search(r"^00001001  00001000  flexsc-thread ", out, re.M), m.log().failure(
        "ps does not list the syscall thread 00001001 of 00001000")
    out = type_command(m, "kstats")
    served = re.search(r"^  flexsc entries served +(\d+)$", out, re.M)
    batches = re.search(r"^  flexsc batches +(\d+)$", out, re.M)
    wakeups = re.search(r"^  flexsc thread wake-ups +(\d+)$", out, re.M)
    assert served and int(served.group(1)) >= 10, m.log().failure("kstats: fewer than 10 entries served")
    assert batches and int(batches.group(1)) >= 1 and wakeups and int(wakeups.group(1)) >= 1, \
        m.log().failure("kstats: no batches or wake-ups counted")


@pytest.mark.points(10)
def test_fork_children_do_not_inherit_the_registration(run_kernel):
    run = run_program(run_kernel, "flexscipc")
    # The child registers its own page and thread: 00001003 serves 00001002.
    run.log.expect(r"\[00001000\] new flexsc thread 00001001$", r"\[00001002\] new flexsc thread 00001003$",
                   absent=NO_CRASH)


@pytest.mark.points(5)
def test_hostile_flags_on_the_sysenter_path(run_kernel):
    # NT would turn the kernel's iret into a task return; TF traps at the
    # first kernel instruction after sysenter.
    run = run_program(run_kernel, "badflags")
    run.log.expect(r"badflags: sysenter with NT set: survived$", r"badflags: sysenter with TF set: survived$",
                   r"badflags: env_set_trapframe with VM, NT, IOPL 3 and kernel segments: made safe$",
                   absent=NO_CRASH)
