"""The polling syscall core (FLEXSC_POLL): a syscall thread pinned to CPU 1
serves calls as they are posted, so the program's CPU never traps for them."""
import pytest

pytestmark = pytest.mark.lab("FlexSC")

NO_CRASH = [r".*kernel panic", r".*user panic"]
PIPELINED = (r"flexscpoll: 1000 calls pipelined, 1000 right; (\d+) kernel entries for system calls, "
             r"(\d+) to wake the thread; it said it slept (\d+) time\(s\)$")


@pytest.mark.points(10)
@pytest.mark.parametrize("cpus", [2, 4, 8])
def test_pipelined_calls_take_no_kernel_entry(run_kernel, cpus):
    run = run_kernel("flexscpoll", cpus=cpus, timeout=60)
    assert run.reached, run.log.failure("flexscpoll never finished")
    run.log.expect(r"flexscpoll: polling thread on CPU 1$", PIPELINED, absent=NO_CRASH)
    entries, wake_waits, sleeps = (int(g) for g in run.log.find_all(PIPELINED)[0].groups())
    # While the thread is awake the program never enters the kernel: its only
    # entries are flexsc_waits made because the thread said it was asleep. A
    # host that deschedules a vCPU for the thread's idle budget (50 ms) can
    # make it sleep; each sleep allows one such wait (one more for a sleep
    # announced just before the count began), and 1000 calls leave room for
    # few of them.
    assert entries == wake_waits <= sleeps + 1 and entries <= 3, run.log.failure(
        "%d kernel entries, %d of them to wake the thread, which slept %d time(s), for 1000 calls"
        % (entries, wake_waits, sleeps))


@pytest.mark.points(5)
def test_idle_thread_sleeps_and_one_wait_wakes_it(run_kernel):
    run = run_kernel("flexscpoll", cpus=2, timeout=60)
    run.log.expect(r"flexscpoll: the thread slept; a call woke it \(1 wake-up\), result right$",
                   r"flexscpoll: done$", r"\[00001000\] free env 00001001$", absent=NO_CRASH)
    run.log.expect_no_page_leak()


@pytest.mark.points(5)
def test_polling_needs_a_real_cpu_of_its_own(run_kernel):
    run = run_kernel("flexscpoll", cpus=1)
    run.log.expect(r"flexscpoll: polling on CPU 99: invalid parameter$",
                   r"flexscpoll: polling on the boot CPU: invalid parameter$",
                   r"flexscpoll: polling on CPU 1: invalid parameter$", absent=NO_CRASH)


@pytest.mark.points(5)
def test_owner_faulting_while_the_thread_polls_ends_both(run_kernel):
    run = run_kernel("flexscpoll fault", cpus=2)
    assert run.reached, run.log.failure("the machine never settled")
    run.log.expect(r"flexscpoll: faulting while the thread polls$", r"\[00001000\] user fault va 00000000",
                   r"\[00001000\] free env 00001000$", r"\[00001000\] free env 00001001$", in_order=False,
                   absent=NO_CRASH)
    run.log.expect_no_page_leak()


EXIT_CASES = ["recv", "sibling", "pollsibling"]


@pytest.mark.points(5)
def test_exit_finishes_whatever_the_syscall_page_holds(run_kernel):
    # An unreaped receive that blocks; a sibling sharing the page that
    # submitted a receive and forged a busy entry: exit() must end anyway,
    # after the output it posted (its flush), with a plain or a polling thread.
    run = run_kernel("flexscexit", cpus=4, timeout=90)
    assert run.reached, run.log.failure("flexscexit never finished")
    lines = []
    for how in EXIT_CASES:
        lines += [r"flexscexit: %s: output posted before exit\(\)$" % how, r"flexscexit: %s: the owner exited$" % how]
    run.log.expect(*lines, r"flexscexit: done$", absent=NO_CRASH + [r"flexscexit: .*HUNG"])
    run.log.expect_no_page_leak()


@pytest.mark.points(0)
def test_exit_after_a_sibling_scribbled_on_the_page_under_stress(run_kernel):
    # The sibling scribbles over every entry (some become blocked receives)
    # while the owner's polling thread serves them, 6 times on 4 CPUs. Owner
    # i's thread starts on CPU 1 + i % 3 (user/flexscexit.cpp), so 6 rounds
    # put two threads on each of CPUs 1-3, the second after the first one's
    # owner died there, as 10 rounds did (each round costs 0.1-0.15 s of CPU).
    run = run_kernel("flexscexit stress 6", cpus=4, timeout=120)
    assert run.reached, run.log.failure("flexscexit stress never finished")
    run.log.expect(r"flexscexit: stress: 6 of 6 owners exited$", absent=NO_CRASH + [r"flexscexit: .*HUNG"])
    run.log.expect_no_page_leak()
