"""Transparent FlexSC's hybrid policy (boot option +flexsc, lib/flexsc_route.cpp):
a call is posted to the syscall page only when posting can pay (other calls in
flight, other threads ready, a polling thread), and made by sysenter otherwise.
Which path each call took is counted by the kernel (kstats), so the counts
are exact, not timings."""
import pytest

pytestmark = pytest.mark.lab("FlexSC")

NO_CRASH = [r".*kernel panic", r".*user panic"]
COUNTS = (r"flexschybrid: %s: 20 calls \(20 right\): getenvid 20, by sysenter (\d+), by int 0, "
          r"posted (\d+), served by a polling thread (\d+), registered (yes|no)$")


def counts(run, mode):
    assert run.reached, run.log.failure("flexschybrid %s never finished" % mode)
    run.log.expect(COUNTS % mode, absent=NO_CRASH)
    sysenter, posted, polled, registered = run.log.find_all(COUNTS % mode)[0].groups()
    return int(sysenter), int(posted), int(polled), registered


@pytest.mark.points(5)
def test_a_lone_thread_calls_by_sysenter_and_never_registers(run_kernel):
    run = run_kernel("+flexsc flexschybrid")
    # 20 calls and the second kstats call, all by sysenter; no syscall thread.
    assert counts(run, "single") == (21, 0, 0, "no"), run.log.failure("calls went the wrong way")
    run.log.expect(absent=[r"new flexsc thread"])


@pytest.mark.points(5)
def test_threads_post_every_call_and_batch_them(run_kernel):
    run = run_kernel("flexschybrid threads")
    # Four threads make five rounds of calls: each round is one flexsc_wait
    # (a sysenter), plus the second kstats call.
    assert counts(run, "threads") == (6, 20, 0, "yes"), run.log.failure("calls went the wrong way")


@pytest.mark.points(5)
def test_a_polling_thread_serves_every_call(run_kernel):
    run = run_kernel("flexschybrid poll", cpus=2, timeout=60)
    sysenter, posted, polled, registered = counts(run, "poll")
    # The kstats call, and a wait to wake the thread each time a busy host
    # made it fall asleep (rare: it sleeps after 50 ms idle).
    assert posted == polled == 20 and 1 <= sysenter <= 4 and registered == "yes", \
        run.log.failure("calls went the wrong way")
