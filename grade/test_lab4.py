"""Lab 4: multiprocessors, preemptive scheduling, copy-on-write fork, IPC.
Environment ids: E1 = 00001000 is the program, E2 = 00001001 its first child."""
import re
import time

import pytest

from monitor_session import type_command

pytestmark = pytest.mark.lab(4)


def E(n):
    return "%08x" % (0x1000 + n - 1)


def run_program(run_kernel, name, cpus=1, **kwargs):
    run = run_kernel(name, cpus=cpus, **kwargs)
    assert run.reached, run.log.failure("%s never reached its stop point" % name)
    return run


def exits(*envs):
    lines = []
    for e in envs:
        lines += [r"\[%s\] exiting gracefully$" % E(e), r"\[%s\] free env %s$" % (E(e), E(e))]
    return lines




@pytest.mark.points(5)
def test_dumbfork(run_kernel):
    run = run_program(run_kernel, "dumbfork")
    run.log.expect(r"\[00000000\] new env %s$" % E(1), r"\[%s\] new env %s$" % (E(1), E(2)),
                   in_order=False)
    run.log.expect(r"0: I am the parent\.$", r"9: I am the parent\.$", r"\[%s\] exiting gracefully$" % E(1),
                   in_order=True)
    run.log.expect(r"0: I am the child\.$", r"9: I am the child\.$", r"19: I am the child\.$",
                   r"\[%s\] exiting gracefully$" % E(2), r"\[%s\] free env %s$" % (E(2), E(2)))


@pytest.mark.points(5)
def test_faultread(run_kernel):
    run = run_program(run_kernel, "faultread")
    run.log.expect(r"\[%s\] user fault va 00000000 ip 008.....$" % E(1),
                   r"TRAP frame at 0xf....... from CPU .$", r"  trap 0x0000000e Page Fault$",
                   r"  err  0x00000004.*$", r"\[%s\] free env %s$" % (E(1), E(1)),
                   absent=[r"I read ........ from location 0"])


@pytest.mark.points(5)
def test_faultwrite(run_kernel):
    run = run_program(run_kernel, "faultwrite")
    run.log.expect(r"\[%s\] user fault va 00000000 ip 008.....$" % E(1),
                   r"TRAP frame at 0xf....... from CPU .$", r"  trap 0x0000000e Page Fault$",
                   r"  err  0x00000006.*$", r"\[%s\] free env %s$" % (E(1), E(1)))


@pytest.mark.points(5)
def test_faultdie(run_kernel):
    run = run_program(run_kernel, "faultdie")
    run.log.expect(r"i faulted at va deadbeef, err 6$", *exits(1))


@pytest.mark.points(5)
def test_faultregs(run_kernel):
    run = run_program(run_kernel, "faultregs")
    run.log.expect(r"Registers in UTrapframe OK$", r"Registers after page-fault OK$",
                   absent=[r"Registers in UTrapframe MISMATCH", r"Registers after page-fault MISMATCH"])


@pytest.mark.points(5)
def test_faultalloc(run_kernel):
    run = run_program(run_kernel, "faultalloc")
    run.log.expect(r"fault deadbeef$", r"this string was faulted in at deadbeef$", r"fault cafebffe$",
                   r"fault cafec000$", r"this string was faulted in at cafebffe$", *exits(1))


@pytest.mark.points(5)
def test_faultallocbad(run_kernel):
    run = run_program(run_kernel, "faultallocbad")
    run.log.expect(r"\[%s\] user_mem_check assertion failure for va deadbeef$" % E(1),
                   r"\[%s\] free env %s$" % (E(1), E(1)), absent=[r"fault deadbeef"])


@pytest.mark.points(5)
def test_faultnostack(run_kernel):
    run = run_program(run_kernel, "faultnostack")
    run.log.expect(r"\[%s\] user_mem_check assertion failure for va eebff...$" % E(1),
                   r"\[%s\] free env %s$" % (E(1), E(1)))


@pytest.mark.points(5)
def test_faultbadhandler(run_kernel):
    run = run_program(run_kernel, "faultbadhandler")
    run.log.expect(r"\[%s\] user_mem_check assertion failure for va (deadb|eebfe)...$" % E(1),
                   r"\[%s\] free env %s$" % (E(1), E(1)))


@pytest.mark.points(5)
def test_faultevilhandler(run_kernel):
    run = run_program(run_kernel, "faultevilhandler")
    run.log.expect(r"\[%s\] user_mem_check assertion failure for va (f0100|eebfe)...$" % E(1),
                   r"\[%s\] free env %s$" % (E(1), E(1)))


FORKTREE_PATHS = ["", "0", "1", "00", "01", "10", "11", "000", "001", "010", "011", "100", "101",
                  "110", "111"]


@pytest.mark.points(5)
def test_forktree(run_kernel):
    run = run_program(run_kernel, "forktree")
    run.log.expect(*[r"....: I am '%s'$" % p for p in FORKTREE_PATHS], in_order=False)
    run.log.expect(*exits(1, 2), in_order=False)
    # Freed slots are reused with a new generation.
    run.log.expect(r"\[0000200.\] exiting gracefully$", r"\[0000200.\] free env 0000200.$")


@pytest.mark.points(5)
def test_spin(run_kernel):
    run = run_program(run_kernel, "spin")
    run.log.expect(r"I am the parent\.  Forking the child\.\.\.$", r"I am the parent\.  Running the child\.\.\.$",
                   r"I am the parent\.  Killing the child\.\.\.$",
                   r"\[%s\] destroying %s$" % (E(1), E(2)), r"\[%s\] free env %s$" % (E(1), E(2)),
                   *exits(1))
    # The child may print before the parent's second line: a timer tick at the
    # end of fork runs it first. It must print before it is killed.
    run.log.expect(r"I am the parent\.  Forking the child\.\.\.$", r"I am the child\.  Spinning\.\.\.$",
                   r"I am the parent\.  Killing the child\.\.\.$")


@pytest.mark.points(5)
def test_stresssched(run_kernel):
    # "stresssched 4": the children go on until each of the 4 CPUs has run one
    # (user/stresssched.cpp); under load a CPU's thread sometimes got none in time.
    run = run_program(run_kernel, "stresssched 4", cpus=4)
    run.log.expect(*[r"\[000010..\] stresssched on CPU %d$" % c for c in range(4)], in_order=False)
    run.log.expect(absent=[r".*ran on two CPUs at once"])


@pytest.mark.points(5)
def test_sendpage(run_kernel):
    run = run_program(run_kernel, "sendpage", cpus=2)
    run.log.expect(r"\[00000000\] new env %s$" % E(1), r"\[%s\] new env %s$" % (E(1), E(2)))
    run.log.expect(r"%x got message: hello child environment! how are you\?$" % 0x1000,
                   r"child received correct message$", r"%x got message: hello parent environment! I'm good\.?$" % 0x1001,
                   r"parent received correct message$")
    run.log.expect(*exits(1, 2), in_order=False)


@pytest.mark.points(5)
def test_pingpong(run_kernel):
    run = run_program(run_kernel, "pingpong", cpus=4)
    lines = [r"send 0 from 1000 to 1001$"]
    for i in range(11):
        me, other = (0x1001, 0x1000) if i % 2 == 0 else (0x1000, 0x1001)
        lines.append(r"%x got %d from %x$" % (me, i, other))
    run.log.expect(*lines)
    run.log.expect(*exits(1, 2), in_order=False)


PRIMES_STOP = r"CPU .: 1877 [^\n]*\n"  # the whole line, not just its start


# A pipeline of 290 environments passing numbers on: its subject is fork and
# IPC, not CPUs racing, so the 4 CPUs take turns on one host thread (several
# times faster on a 2-core host; grade/machine.py).
@pytest.mark.points(5)
@pytest.mark.interleaved_cpus
def test_primes(run_kernel):
    run = run_program(run_kernel, "primes", cpus=4, stop_symbol=None, stop_line=PRIMES_STOP, timeout=60)
    run.log.expect(r"CPU .: 2 \[%s\] new env %s$" % (E(2), E(3)), r"CPU .: 3 \[%s\] new env %s$" % (E(3), E(4)),
                   r"CPU .: 5 \[%s\] new env %s$" % (E(4), E(5)), r"CPU .: 7 \[%s\] new env %s$" % (E(5), E(6)),
                   r"CPU .: 11 \[%s\] new env %s$" % (E(6), E(7)),
                   r"CPU .: 1877 \[%s\] new env %s$" % (E(289), E(290)))


# Beyond JOS's tests: 0 points, so the lab total stays 80.

@pytest.mark.points(0)
@pytest.mark.parametrize("program,lines", [
    ("stresssched", [r"\[000010..\] stresssched on CPU 0$"]),
    ("sendpage", [r"child received correct message$", r"parent received correct message$"]),
    ("pingpong", [r"1001 got 10 from 1000$"]),
])
def test_smp_programs_on_one_cpu(run_kernel, program, lines):
    run = run_program(run_kernel, program, cpus=1)
    run.log.expect(*lines, absent=[r".*ran on two CPUs at once", r".*kernel panic"])
    run.log.expect_no_page_leak()


@pytest.mark.points(0)
@pytest.mark.parametrize("cpus", [1, 4])
def test_the_monitor_waits_for_a_key_with_the_cpu_halted(boot, cpus):
    """At the prompt the CPU halts until the next interrupt (kern/monitor_idle.cpp)
    instead of polling the console, and the other CPUs sleep instead of spinning
    for the kernel lock the monitor keeps, so QEMU takes almost no CPU while a
    prompt is open (polling took a whole host core, at least 0.6 s a second even
    on a loaded host; 4 CPUs' spinning 0.8 s); a typed command still answers."""
    m = boot(cpus=cpus)
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    before = m.cpu_seconds()
    time.sleep(1.0)
    used = m.cpu_seconds() - before
    assert used < 0.25, m.log().failure("QEMU used %.2f s of CPU in 1 s at the prompt: "
                                        "the monitor polls instead of halting" % used)
    out = type_command(m, "kerninfo")
    assert "Special kernel symbols:" in out, m.log().failure("kerninfo did not answer after the wait")


@pytest.mark.points(0)
def test_primes_on_one_cpu(run_kernel):
    run = run_program(run_kernel, "primes", cpus=1, stop_symbol=None, stop_line=PRIMES_STOP, timeout=60)
    run.log.expect(r"CPU 0: 1877 \[%s\] new env %s$" % (E(289), E(290)))


@pytest.mark.points(0)
@pytest.mark.parametrize("tables", [
    "acpi",  # the harness's direct boot: qboot describes the CPUs only in ACPI's MADT
    pytest.param("mp", marks=pytest.mark.boot_sector),  # SeaBIOS (make qemu): MP tables
])
def test_smp_boot_finds_and_starts_every_cpu(run_kernel, tables):
    run = run_program(run_kernel, "hello", cpus=4)
    run.log.expect(r"SMP: CPU 0 found 4 CPU\(s\)$", *[r"SMP: CPU %d starting$" % c for c in (1, 2, 3)],
                   in_order=False)
    run.log.expect(r"hello, world$", r"No runnable environments in the system!$")


@pytest.mark.points(0)
def test_yield(run_kernel):
    run = run_program(run_kernel, "yield")
    run.log.expect(r"Hello, I am environment %s\.$" % E(1),
                   *[r"Back in environment %s, iteration %d\.$" % (E(1), i) for i in range(5)],
                   r"All done in environment %s\.$" % E(1))


@pytest.mark.points(0)
def test_pingpongs_with_sfork(run_kernel):
    run = run_program(run_kernel, "pingpongs", cpus=2)
    run.log.expect(r"send 0 from 1000 to 1001$", r"1001 got 0 from 1000 \(thisenv is 0xeec0.... 1001\)$",
                   r"1000 got 1 from 1001 \(thisenv is 0xeec0.... 1000\)$", r"1000 got 9 from 1001",
                   r"1001 got 10 from 1000")
    run.log.expect(*exits(1, 2), in_order=False)


@pytest.mark.points(0)
def test_forktree_frees_every_page(run_kernel):
    run = run_program(run_kernel, "forktree")
    run.log.expect(r"No runnable environments in the system!$")
    run.log.expect_no_page_leak()


# Senders whose receiver is busy wait for it (kern/ipc_send_wait.h): three
# send to a receiver that computes for 100 ms first. Parked until it receives
# or the next tick, they try about 3 times a tick (about 36 in all); yielding
# to each other as JOS's ipc_send does, they tried 335 times on 2 CPUs (6548
# on 4), each try a switch of address space.
@pytest.mark.points(0)
def test_a_sender_waits_for_its_busy_receiver_without_spinning(run_kernel):
    run = run_program(run_kernel, "ipcsendwait", cpus=2)
    run.log.expect(r"ipcsendwait: received 6$", r"No runnable environments in the system!$",
                   absent=[r".*kernel panic", r".*user panic"])
    tries = run.log.find_all(r"ipcsendwait: 3 messages took (\d+) tries$")
    assert tries and int(tries[0].group(1)) <= 60, run.log.failure("the senders spun: more than 60 tries")
    run.log.expect_no_page_leak()


# The boot option +tick=MS (kern/boot_command.h; the pipe race tests use
# +tick=1): the timer interrupts every millisecond and the clock still counts
# milliseconds. testtime's last second takes about a second of host time, and
# the clock can only have counted it with 1000 timer interrupts (about 100 at
# the default 10 ms), which the monitor's kstats shows.
@pytest.mark.points(0)
def test_the_tick_boot_option_sets_the_timer_period(boot):
    m = boot("+tick=1 testtime 0")
    assert m.wait_for(r"starting count down: 0 ", 30), m.log().failure("testtime did not start")
    start = time.monotonic()
    assert m.wait_for(r"starting count down: 0 \n", 10), m.log().failure("testtime's second never ended")
    seconds = time.monotonic() - start
    assert 0.7 <= seconds <= 4.0, m.log().failure("testtime's second took %.1f s" % seconds)
    assert m.wait_for(r"^K> ", 10), m.log().failure("no monitor prompt")
    typed = len(m.text())
    m.type("kstats\r")
    # (The newline, not $: a count half printed would match $ at the output's end.)
    line = m.wait_for(r"^  trap 32 Hardware Interrupt +(\d+)\n", 10, start=typed)
    assert line, m.log().failure("kstats printed no timer interrupt count")
    assert int(line.group(1)) >= 1000, m.log().failure(
        "%s timer interrupts: the tick is not 1 ms" % line.group(1))


FORKBOMB_SLOTS = 64


# Its subject is running out of environments and recovering (the CPUs take
# turns). With the boot option +envs=64 the kernel hands out only the first 64
# environment slots, so the bomb runs out after 64 environments, not 1024:
# the same refusal (env_alloc's free list is empty) and the same recovery, for
# a fifth of the CPU time (0.4 s, not 2.2 s).
@pytest.mark.points(0)
@pytest.mark.interleaved_cpus
def test_forkbomb_is_refused_and_the_system_recovers(run_kernel):
    run = run_program(run_kernel, "+envs=%d forkbomb" % FORKBOMB_SLOTS, cpus=2, timeout=240)
    run.log.expect(r"forkbomb: fork failed after \d+ children: out of environments$",
                   r"forkbomb: every other environment is gone$", r"forkbomb: a new child runs after the bomb$",
                   r"forkbomb: the system is usable again$", r"No runnable environments in the system!$",
                   absent=[r".*kernel panic", r".*user panic"])
    run.log.expect_no_page_leak()
    # Every slot below the limit was used, and none above it.
    slots = {int(m.group(1), 16) % 1024 for m in run.log.find_all(r"\[[0-9a-f]{8}\] new env ([0-9a-f]{8})$")}
    assert slots == set(range(FORKBOMB_SLOTS)), run.log.failure(
        "environment slots used: %s, expected 0-%d" % (sorted(slots), FORKBOMB_SLOTS - 1))


@pytest.mark.points(0)
@pytest.mark.parametrize("cpus", [2, 4])
def test_taking_a_page_from_a_running_child_flushes_its_cpus_tlb(run_kernel, cpus):
    # Without a TLB shootdown the child writes on through its stale
    # translation (millions of times in the parent's 10 ms watch). The
    # shootdown count shows the child's CPU did have its page tables loaded.
    run = run_program(run_kernel, "remotetlb", cpus=cpus)
    run.log.expect(r"remotetlb: unmapped the child's page while it ran: it wrote 0 more time\(s\); "
                   r"[1-9]\d* TLB shootdown\(s\)$",
                   r"remotetlb: made the child's page read-only while it ran: it wrote 0 more time\(s\); "
                   r"[1-9]\d* TLB shootdown\(s\)$",
                   r"remotetlb: done$", absent=[r".*kernel panic", r".*user panic"])
    run.log.expect(r"\[%s\] user fault va a0000000 ip 008.....$" % E(2), r"\[%s\] free env %s$" % (E(2), E(2)))
    run.log.expect_no_page_leak()


CONSOLESTORM_PAYLOAD = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2
                        + "abcdefghijklmnopqrstuvwxyz")


@pytest.mark.points(0)
def test_console_lines_from_several_cpus_never_mix(run_kernel):
    # Three printers send long lines through sys_cputs while 24 children
    # fault on other CPUs, the kernel printing their trap frames. Every line
    # must come out whole: a mixed line shows up as a line that mentions a
    # printer or a trap but is not one, and as missing whole lines.
    run = run_program(run_kernel, "consolestorm", cpus=4)
    printer_line = re.compile(r"consolestorm: printer (\d) line (\d\d) %s$" % CONSOLESTORM_PAYLOAD)
    trap_line = re.compile(r"Incoming TRAP frame at 0x[0-9a-f]{8}$")
    mixed = [line for line in run.log.lines
             if ("consolestorm" in line and not printer_line.match(line))
             or ("TRAP" in line and not (trap_line.match(line) or line.startswith("TRAP frame at ")))]
    assert not mixed, run.log.failure("lines mixed from several CPUs, e.g. %r" % mixed[:3])
    printed = sorted(m.groups() for m in map(printer_line.match, run.log.lines) if m)
    assert printed == [("%d" % p, "%02d" % n) for p in range(3) for n in range(20)], \
        run.log.failure("printer lines missing or repeated")
    assert len(run.log.find_all(trap_line.pattern)) == 24, run.log.failure("expected 24 trap lines")
    run.log.expect(r"No runnable environments in the system!$", absent=[r".*kernel panic", r".*user panic"])
