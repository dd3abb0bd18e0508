"""User-level threads (inc/uthread.h) and FlexSC-Threads: threads whose system
calls are posted to the syscall page while other threads run."""

import pytest

pytestmark = pytest.mark.lab("FlexSC")

NO_CRASH = [r".*kernel panic", r".*user panic", r".*SHOULD NOT", r".*NOT blocked"]


@pytest.fixture
def uthreads(run_kernel):
    run = run_kernel("uthreads")
    assert run.reached, run.log.failure("uthreads never finished")
    return run


@pytest.mark.points(5)
def test_64_threads_created_and_joined_with_exit_values(uthreads):
    uthreads.log.expect(r"uthreads: 64 threads in all, then thread_create: out of memory$",
                        r"uthreads: 60 threads joined, 60 exit values right$", absent=NO_CRASH)


@pytest.mark.points(5)
def test_mutex_under_contention_and_condition_variable(uthreads):
    uthreads.log.expect(r"uthreads: counter 1200 of 1200, at most 1 thread\(s\) inside the mutex$",
                        r"uthreads: consumer got sum 5050 \(expected 5050\)$", absent=NO_CRASH)


@pytest.mark.points(5)
def test_thread_misuse_gets_errors(uthreads):
    uthreads.log.expect(r"uthreads: join self: invalid parameter$",
                        r"uthreads: join 0, then again: invalid parameter$",
                        r"uthreads: join a thread that never was: invalid parameter$",
                        r"uthreads: unlock a free mutex: invalid parameter$",
                        r"uthreads: lock it twice: invalid parameter$",
                        r"uthreads: wait without the mutex: invalid parameter$",
                        r"uthreads: done$", absent=NO_CRASH)
    uthreads.log.expect_no_page_leak()


@pytest.mark.points(5)
def test_a_stack_overflow_hits_the_guard_page(run_kernel):
    run = run_kernel("uthreads overflow")
    assert run.reached, run.log.failure("uthreads overflow never finished")
    run.log.expect(r"uthreads: a thread recurses without end$", r"\[00001000\] user fault va ([0-9a-f]{8})",
                   r"\[00001000\] free env 00001000$", absent=NO_CRASH)
    va = int(run.log.find_all(r"\[00001000\] user fault va ([0-9a-f]{8})")[0].group(1), 16)
    # Thread slot 1: guard page at 0xE0005000 (slot size: 4 stack pages + 1 guard page).
    assert 0xE0005000 <= va < 0xE0006000, run.log.failure("fault at %08x, not in the guard page" % va)


@pytest.mark.points(10)
@pytest.mark.parametrize("cpus", [1, 2])
def test_threads_run_while_one_waits_in_ipc_recv(run_kernel, cpus):
    run = run_kernel("flexscthreads", cpus=cpus)
    assert run.reached, run.log.failure("flexscthreads never finished")
    run.log.expect(r"flexscthreads: 3 workers made 60 calls \(60 right\) while a thread waited in ipc_recv$",
                   r"flexscthreads: receiver got 42 from the child$", r"flexscthreads: done$",
                   absent=NO_CRASH)


@pytest.mark.points(5)
def test_flexsc_threads_batch_the_calls_of_parked_threads(run_kernel):
    run = run_kernel("flexscthreads")
    run.log.expect(r"flexscthreads: 61 calls took (\d+) kernel entries$", absent=NO_CRASH)
    entries = int(run.log.find_all(r"flexscthreads: 61 calls took (\d+) kernel entries$")[0].group(1))
    # Three threads park per round, so one flexsc_wait serves three calls.
    assert entries <= 61 * 2 // 3, run.log.failure("%d kernel entries for 61 calls" % entries)
