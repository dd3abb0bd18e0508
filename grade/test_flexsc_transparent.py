"""Transparent FlexSC: lab 5's programs, unchanged, with every system call the
library OS makes going through a syscall page (boot option +flexsc=always,
inherited by every child; plain +flexsc posts a call only when that can pay,
test_flexsc_hybrid.py). Each test checks the program's own verdict lines, as
test_lab5.py does, and that the programs really registered syscall threads."""
import pytest

from test_lab5 import NO_PANIC, PRIMES_BELOW_1000

pytestmark = pytest.mark.lab("FlexSC")

REGISTERED = r"\[00001001\] new flexsc thread 00001002$"


def transparent(run_kernel, program, **kwargs):
    run = run_kernel("+flexsc=always " + program, **kwargs)
    run.log.expect(REGISTERED, absent=NO_PANIC)
    return run


@pytest.mark.points(5)
def test_testfile_transparent(run_kernel):
    run = transparent(run_kernel, "testfile")
    assert run.reached, run.log.failure("testfile never finished")
    run.log.expect(r"serve_open is good$", r"file_stat is good$", r"file_close is good$",
                   r"stale fileid is good$", r"file_read is good$", r"file_write is good$",
                   r"file_read after file_write is good$", r"open is good$", r"large file is good$",
                   r"\[00001001\] exiting gracefully$", absent=NO_PANIC, in_order=False)
    # The owner and its syscall thread are both gone at the end.
    run.log.expect(r"\[00001001\] free env 00001001$", r"\[00001001\] free env 00001002$")


@pytest.mark.points(5)
def test_spawn_and_pte_share_transparent(run_kernel):
    run = transparent(run_kernel, "testpteshare")
    assert run.reached, run.log.failure("testpteshare never finished")
    # The fork child and the spawned copy register syscall threads of their own.
    run.log.expect(r"\[(0000[0-9a-f]{4})\] new flexsc thread", r"fork handles PTE_SHARE right$",
                   r"spawn handles PTE_SHARE right$", absent=NO_PANIC)
    owners = {m.group(1) for m in run.log.find_all(r"\[(0000[0-9a-f]{4})\] new flexsc thread")}
    assert len(owners) >= 3, run.log.failure("expected parent, fork child and spawned child to register")


@pytest.mark.points(5)
def test_testpipe_transparent(run_kernel):
    run = transparent(run_kernel, "testpipe")
    assert run.reached, run.log.failure("testpipe never finished")
    run.log.expect(r"pipe read closed properly$", r"pipe write closed properly$", r"pipe tests passed$",
                   absent=NO_PANIC)


@pytest.mark.points(5)
def test_icode_to_the_shell_transparent(run_kernel):
    run = transparent(run_kernel, "icode", stop_symbol=None, stop_line=r"^\$ ", timeout=40)
    assert run.reached, run.log.failure("no shell prompt")
    run.log.expect(r"icode: read /motd$", r"This is /motd, the message of the day\.$",
                   r"init: args: 'init' 'initarg1' 'initarg2'$", r"init: running sh$", r"\$ ",
                   in_order=False)


@pytest.mark.points(5)
def test_testshell_transparent(run_kernel):
    run = transparent(run_kernel, "testshell", stop_symbol=None,
                      stop_line=r"shell ran correctly|incorrect output", timeout=90)
    run.log.expect(r"shell ran correctly$", absent=[r"shell produced incorrect output"] + NO_PANIC)


@pytest.mark.points(5)
def test_primespipe_transparent(run_kernel):
    run = transparent(run_kernel, "primespipe", stop_symbol=None, stop_line=r"^\d{4}\n", timeout=150)
    assert run.reached, run.log.failure("primespipe never printed a 4-digit prime")
    numbers = {int(m.group(0)) for m in run.log.find_all(r"^\d+$")}
    missing = [p for p in PRIMES_BELOW_1000 if p not in numbers]
    assert not missing, run.log.failure("missing primes %s" % missing[:10])
