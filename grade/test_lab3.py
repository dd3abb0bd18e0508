"""Lab 3: user environments, traps, system calls. Each test boots the kernel
running one user program (the boot argument) and stops at the monitor."""
import os
import re

import pytest
from monitor_session import type_command

pytestmark = pytest.mark.lab(3)

# What every trapped program's frame shows: the frame on the kernel stack (top
# of CPU 0's stack less one Trapframe), a copy in the Env, user segments.
TRAP_FRAME = [r"Incoming TRAP frame at 0xefffffbc$", r"TRAP frame at 0xf.......", r"  eip  0x008.....$",
              r"  ss   0x----0023$"]
FREED = r"\[00001000\] free env 00001000$"


def run_program(run_kernel, name):
    run = run_kernel(name)
    assert run.reached, run.log.failure("%s never reached the monitor" % name)
    return run


@pytest.mark.points(10)
def test_divzero(run_kernel):
    run = run_program(run_kernel, "divzero")
    run.log.expect(*TRAP_FRAME[:2], r"  trap 0x00000000 Divide error$", FREED,
                   absent=[r"1/0 is ........!$"])


@pytest.mark.points(10)
def test_softint(run_kernel):
    run = run_program(run_kernel, "softint")
    run.log.expect(*TRAP_FRAME[:2], r"  trap 0x0000000d General Protection$", FREED)


@pytest.mark.points(10)
def test_badsegment(run_kernel):
    run = run_program(run_kernel, "badsegment")
    run.log.expect(*TRAP_FRAME[:2], r"  trap 0x0000000d General Protection$", r"  err  0x00000028$",
                   FREED)


@pytest.mark.points(5)
def test_faultread(run_kernel):
    run = run_program(run_kernel, "faultread")
    run.log.expect(r"\[00001000\] user fault va 00000000 ip 008.....$", r"  trap 0x0000000e Page Fault$",
                   r"  err  0x00000004 \[user, read, not-present\]$", FREED,
                   absent=[r"I read ........ from location 0!$"])


@pytest.mark.points(5)
def test_faultreadkernel(run_kernel):
    run = run_program(run_kernel, "faultreadkernel")
    run.log.expect(r"\[00001000\] user fault va f0100000 ip 008.....$", r"  trap 0x0000000e Page Fault$",
                   r"  err  0x00000005 \[user, read, protection\]$", FREED,
                   absent=[r"I read ........ from location 0xf0100000!$"])


@pytest.mark.points(5)
def test_faultwrite(run_kernel):
    run = run_program(run_kernel, "faultwrite")
    run.log.expect(r"\[00001000\] user fault va 00000000 ip 008.....$", r"  trap 0x0000000e Page Fault$",
                   r"  err  0x00000006 \[user, write, not-present\]$", FREED)


@pytest.mark.points(5)
def test_faultwritekernel(run_kernel):
    run = run_program(run_kernel, "faultwritekernel")
    run.log.expect(r"\[00001000\] user fault va f0100000 ip 008.....$", r"  trap 0x0000000e Page Fault$",
                   r"  err  0x00000007 \[user, write, protection\]$", FREED)


@pytest.mark.points(5)
def test_breakpoint(run_kernel):
    run = run_program(run_kernel, "breakpoint")
    run.log.expect(r"Welcome to the JOS kernel monitor!$", r"  trap 0x00000003 Breakpoint$",
                   absent=[r"\[00001000\] free env 00001000"])


@pytest.mark.points(5)
def test_testbss(run_kernel):
    run = run_program(run_kernel, "testbss")
    run.log.expect(r"Making sure bss works right\.\.\.$", r"Yes, good\.  Now doing a wild write off the end\.\.\.$",
                   r"\[00001000\] user fault va 00c..... ip 008.....$", FREED,
                   absent=[r".*SHOULD HAVE TRAPPED", r".*isn't cleared", r".*didn't hold"])


@pytest.mark.points(5)
def test_hello(run_kernel):
    run = run_program(run_kernel, "hello")
    run.log.expect(r"\[00000000\] new env 00001000$", r"hello, world$", r"i am environment 00001000$",
                   r"\[00001000\] exiting gracefully$", FREED,
                   r"Destroyed the only environment - nothing more to do!$")


# The boot sector loads the kernel without its embedded programs (most of the
# file); the kernel reads a program from the disk when it starts it. A program
# not read arrives as zeros, which env_create refuses.
@pytest.mark.points(0)
@pytest.mark.boot_sector
def test_hello_after_the_boot_sector_is_read_from_the_disk(run_kernel):
    run = run_program(run_kernel, "hello")
    run.log.expect(r"\[00000000\] new env 00001000$", r"hello, world$",
                   r"\[00001000\] exiting gracefully$", absent=[r"kernel: cannot"])


# QEMU's -kernel loads the kernel without its programs too; the harness hands
# QEMU the programs' segment as a fw_cfg file (obj/kern/programs.bin), and the
# kernel refuses one that is not its own: here the right size, but zeros.
@pytest.mark.points(0)
def test_a_programs_file_not_the_kernels_own_is_refused(boot, flexjos, tmp_path):
    if not flexjos.kernel_elf:
        pytest.skip("this run boots every kernel from the disk (no FLEXJOS_KERNEL)")
    real = os.path.join(os.path.dirname(flexjos.kernel_elf), "programs.bin")
    other = tmp_path / "programs.bin"
    other.write_bytes(bytes(os.path.getsize(real)))
    m = boot(program="hello", programs=str(other))
    assert m.wait_for(r"kernel: cannot read .*\n", timeout=20), m.log().failure("no refusal")
    m.log().expect(r"kernel: cannot read 'hello' from QEMU's fw_cfg file opt/flexjos/programs: "
                   r"file is not a valid executable$", absent=[r"hello, world"])


@pytest.mark.points(5)
def test_buggyhello(run_kernel):
    run = run_program(run_kernel, "buggyhello")
    run.log.expect(r"\[00001000\] user_mem_check assertion failure for va 00000001$", FREED)


@pytest.mark.points(5)
def test_buggyhello2(run_kernel):
    run = run_program(run_kernel, "buggyhello2")
    run.log.expect(r"\[00001000\] user_mem_check assertion failure for va 0....000$", FREED,
                   absent=[r"hello, world"])


@pytest.mark.points(5)
def test_evilhello(run_kernel):
    run = run_program(run_kernel, "evilhello")
    run.log.expect(r"\[00001000\] user_mem_check assertion failure for va f0100...$", FREED)


# Beyond JOS's tests (0 points, so the lab total stays 80).

@pytest.mark.points(0)
def test_int_and_sysenter_paths_return_the_same_results(run_kernel):
    run = run_program(run_kernel, "syscallpaths")
    run.log.expect(r"syscallpaths: printed through both paths$", r"syscallpaths: printed through both paths$",
                   r"syscallpaths: unknown number: invalid parameter; destroying a stranger: bad environment$",
                   r"syscallpaths: int \$0x30 and sysenter agree on \d+ calls$",
                   r"\[00001000\] exiting gracefully$", FREED,
                   absent=[r"syscallpaths: .*mismatch", r"syscallpaths: .* gave "])


@pytest.mark.points(0)
def test_kstats_counts_syscalls_by_path(boot):
    m = boot(program="syscallpaths")
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    out = type_command(m, "kstats")
    for path in (r"int \$0x30", "sysenter"):
        found = re.search(r"^  syscalls by %s +(\d+)$" % path, out, re.M)
        assert found and int(found.group(1)) >= 100, m.log().failure("kstats: no %s system calls" % path)
    assert re.search(r"^  trap 48 System call +\d+$", out, re.M), m.log().failure("kstats: no int $0x30 traps")


@pytest.mark.points(0)
def test_monitor_continue_resumes_after_breakpoint(boot):
    m = boot(program="breakpoint")
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    type_command(m, "continue")
    m.log().expect(r"  trap 0x00000003 Breakpoint$", r"breakpoint: resumed after the breakpoint$",
                   r"\[00001000\] exiting gracefully$", FREED)


@pytest.mark.points(0)
def test_monitor_stepi_executes_one_instruction(boot):
    m = boot(program="breakpoint")
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    eips = [int(x, 16) for x in re.findall(r"^  eip  0x([0-9a-f]{8})$", m.text(), re.M)]
    out = type_command(m, "stepi")
    after = [int(x, 16) for x in re.findall(r"^  eip  0x([0-9a-f]{8})$", out, re.M)]
    assert re.search(r"^  trap 0x00000001 Debug$", out, re.M), m.log().failure("stepi: no debug trap")
    assert eips and after and 0 < after[-1] - eips[-1] <= 15, m.log().failure(
        "stepi did not advance by one instruction (%s -> %s)" % (eips[-1:], after[-1:]))
    m.log().expect(absent=[r"\[00001000\] free env"])


@pytest.mark.points(0)
def test_unknown_program_is_reported(run_kernel):
    run = run_program(run_kernel, "nosuchprogram")
    run.log.expect(r"kernel: no user program called 'nosuchprogram'$", r"Welcome to the JOS kernel monitor!$")
