"""Several receives outstanding through the syscall page (doc/flexsc.md, "IPC
through the syscall page"): a send completes the oldest, each entry with its
own message and page; hostile cases get an error or a clean teardown, and no
page leaks."""
import pytest

pytestmark = [pytest.mark.lab("FlexSC"), pytest.mark.points(0)]

NO_CRASH = [r".*kernel panic", r".*user panic", r".*MISMATCH", r".*NOT ", r".*NO PAGE", r".*WRONG"]


@pytest.mark.parametrize("cpus", [1, 2])
def test_receives_outstanding_complete_oldest_first_and_tear_down_clean(run_kernel, cpus):
    run = run_kernel("flexscrecvq", cpus=cpus, timeout=30)
    assert run.reached, run.log.failure("flexscrecvq never reached the monitor")
    run.log.expect(
        r"flexscrecvq: 3 receives outstanding, getenvid done; the same page again: invalid parameter; "
        r"unaligned: invalid parameter; by trap meanwhile: invalid parameter$",
        r"flexscrecvq: completed oldest first, each with its own value, sender and page$",
        r"flexscrecvq: the same entry posted twice: invalid parameter; the first receive completed with 4$",
        r"flexscrecvq: a child destroyed with 2 receives outstanding \(destroy: 0\); a send to it then: bad environment$",
        r"flexscrecvq: child: the exited thread's first receive completed \(its page arrived\), the second "
        r"outstanding; exiting$",
        r"flexscrecvq: a thread exited with receives in flight: child gone, kernel still up$",
        r"flexscrecvq: done$",
        absent=NO_CRASH)
    run.log.expect_no_page_leak()


def test_a_wait_on_blocked_receives_sleeps_while_a_poller_is_awake(run_kernel):
    # The sender shares CPU 0 with the program (the poller owns CPU 1): a wait
    # that spun would hold it until the clock preempts it.
    run = run_kernel("flexscrecvq poll", cpus=2, timeout=30)
    assert run.reached, run.log.failure("flexscrecvq poll never reached the monitor")
    run.log.expect(r"flexscrecvq: waiting on a receive with a poller awake: slept \(value 5 from the child\)$",
                   absent=NO_CRASH + [r".*SPUN"])
    run.log.expect_no_page_leak()
