"""Debugging: the run targets explain bad input, a program's panic in the shell
returns to the shell, gdb sees real mode and user programs, the gdb helpers
agree with the kernel monitor, and Bochs works from its terminal."""
import os
import re
import subprocess
import time

import pytest
from monitor_session import type_command
from serial_log import save_serial
from test_tools import free_tcp_port, gdbinit_for, kill_group, wait_for_listener

pytestmark = pytest.mark.lab("Debugging")

KERNBASE = 0xF0000000


def make(flexjos, *args):
    """Runs make with args (no QEMU is expected to start); returns (status, output)."""
    r = subprocess.run(["make", "--no-print-directory"] + list(args) + flexjos.make_args,
                       cwd=flexjos.root, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


class MakeSession:
    """`make TARGET ...` booting QEMU on the terminal's serial console: lines
    typed go to the machine, its output is collected."""

    def __init__(self, flexjos, *args):
        self.proc = subprocess.Popen(["make", "--no-print-directory"] + list(args) + flexjos.make_args,
                                     cwd=flexjos.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.output = ""

    def wait_for(self, pattern, start=0, timeout=30):
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M)
        while time.monotonic() < deadline:
            chunk = self.proc.stdout.read()
            if chunk:
                self.output += chunk.decode(errors="replace").replace("\r\n", "\n")
            m = regex.search(self.output, start)
            if m:
                return m
            if not chunk:
                if self.proc.poll() is not None:
                    return None
                time.sleep(0.05)
        return None

    def type(self, line):
        start = len(self.output)
        self.proc.stdin.write(line.encode() + b"\r")
        self.proc.stdin.flush()
        return start

    def close(self):
        kill_group(self.proc)


@pytest.fixture
def make_session(flexjos, request):
    sessions = []

    def start(*args):
        s = MakeSession(flexjos, *args)
        sessions.append(s)
        return s

    yield start
    for s in sessions:
        s.close()
    save_serial(request.node, "\n".join(s.output for s in sessions))


# --- Bad input to the run targets ---------------------------------------------

@pytest.mark.points(5)
def test_make_run_of_a_program_that_does_not_exist_lists_the_programs(flexjos):
    status, out = make(flexjos, "run-nosuchprogram-nox", "QEMUEXTRA=-snapshot")
    assert status != 0, out
    assert "no user program 'nosuchprogram'" in out, out
    assert re.search(r"^.*\bhello\b.*\bprimespipe\b.*$", out, re.M), "no list of programs: " + out
    assert "qemu-system" not in out, "QEMU was started anyway: " + out


@pytest.mark.points(5)
def test_make_run_with_a_mistyped_suffix_names_the_right_targets(flexjos):
    status, out = make(flexjos, "run-hello-nxo", "QEMUEXTRA=-snapshot")
    assert status != 0, out
    assert "no user program 'hello-nxo'" in out and "run-hello-nox" in out, out
    assert "qemu-system" not in out, "QEMU was started anyway: " + out


def kernel_end_kb(flexjos):
    return (flexjos.symbol("end") - KERNBASE) // 1024


@pytest.mark.points(5)
@pytest.mark.parametrize("memory", ["1", "4", "lots"])
def test_make_refuses_a_memory_size_the_kernel_cannot_boot_in(flexjos, memory):
    status, out = make(flexjos, "run-hello-nox", "MEMORY=" + memory, "QEMUEXTRA=-snapshot")
    assert status != 0, out
    if memory.isdigit():
        needed = -(-(kernel_end_kb(flexjos) + 1024) // 1024)
        assert "*** MEMORY=%s: too small" % memory in out and "MEMORY=%d (MiB)" % needed in out, out
    else:
        assert "*** MEMORY=lots: expected a size in MiB" in out, out
    assert "qemu-system" not in out, "QEMU was started anyway: " + out


@pytest.mark.points(5)
def test_the_kernel_says_how_much_memory_it_needs_when_given_too_little(boot, flexjos):
    # Enough to load the kernel, not enough to run it (QEMU's -m takes K).
    m = boot(program="hello", memory="%dk" % (kernel_end_kb(flexjos) + 128))
    assert m.wait_for(r"^kernel panic at .*\n", timeout=20, give_up_on=()), m.log().failure("no panic")
    m.log().expect(r"kernel panic at kern/page_alloc\.cpp:\d+: \d+K of memory is too small: .* "
                   r"give at least \d+M \(make MEMORY=\d+, or QEMU -m \d+\)$",
                   absent=[r".*assertion failed"])


# --- The shell survives its children ------------------------------------------

@pytest.mark.points(5)
def test_ls_of_a_missing_path_says_so_and_the_shell_prompts_again(boot):
    m = boot(program="icode")
    assert m.wait_for(r"^\$ ", timeout=30), m.log().failure("no shell prompt")
    start = len(m.text())
    m.type("ls /nosuch motd\r")
    assert m.wait_for(r"^\$ ", timeout=20, start=start + 1), m.log().failure("no prompt after ls")
    m.log().expect(r"^ls: /nosuch: .*not found$", r"^motd$", absent=[r".*user panic", r".*K> "])


@pytest.mark.points(5)
def test_make_qemu_shell_survives_a_panicking_program(make_session):
    s = make_session("qemu-nox", "QEMUEXTRA=-snapshot")
    assert s.wait_for(r"^\$ ", timeout=60), s.output[-3000:]
    start = s.type("num /nosuch")
    assert s.wait_for(r"user panic in num at user/num\.cpp:\d+: can't open /nosuch", start), s.output[-3000:]
    assert s.wait_for(r"^\$ ", start), "no shell prompt after the panic: " + s.output[-3000:]
    start = s.type("echo still here")
    assert s.wait_for(r"^still here$", start), s.output[-3000:]
    assert "K> " not in s.output, s.output[-3000:]


# --- gdb: real mode, user programs --------------------------------------------

def debug_with_gdb(flexjos, request, target, gdb_commands, tmp_path, timeout=40):
    """Runs `make TARGET` (a *-gdb target) and `make gdb` with gdb_commands in
    batch mode, as a student would in two terminals, on a free port and with
    private files; returns gdb's output."""
    port = free_tcp_port()
    private = ["GDBPORT=%d" % port, "GDB_PROGRAM_FILE=%s" % (tmp_path / "program"),
               "GDBINIT=%s" % (tmp_path / "gdbinit")]
    qemu = subprocess.Popen(["make", "--no-print-directory", target, "QEMUEXTRA=-snapshot"] + private
                            + flexjos.make_args, cwd=flexjos.root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    out = ""
    try:
        assert wait_for_listener(port), "QEMU's gdb stub never listened on port %d" % port
        flags = "-batch " + " ".join("-ex '%s'" % c for c in gdb_commands + ["kill"])
        gdb = subprocess.Popen(["make", "--no-print-directory", "gdb", "GDBFLAGS=" + flags] + private
                               + flexjos.make_args, cwd=flexjos.root, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
        try:
            out, _ = gdb.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(gdb)
            out = gdb.stdout.read() + "\n(gdb timed out after %d s)" % timeout
    finally:
        kill_group(qemu)
        save_serial(request.node, qemu.stdout.read().decode(errors="replace")
                    + "\n--- gdb ---\n" + out)
    return out


@pytest.mark.points(5)
def test_gdb_decodes_the_boot_sector_as_16_bit_code_with_its_symbols(flexjos, request, tmp_path):
    out = debug_with_gdb(flexjos, request, "qemu-nox-gdb", ["b *0x7c00", "c", "si", "si", "si"], tmp_path)
    # The reset vector: a far jump to f000:e05b, not a 32-bit ljmp $0x3630,...
    assert re.search(r"^\[f000:fff0\] 0xffff0:\s+ljmp\s+\$0xf000,\$0xe05b$", out, re.M), out
    assert re.search(r"^Breakpoint 1, start \(\) at boot/boot\.S:\d+$", out, re.M), out
    # One disassembly line per stop, 16-bit: xor %ax,%ax (32-bit would say %eax).
    stops = re.findall(r"^\[0000:7c0[0-9a-f]\] 0x7c0[0-9a-f] <start\+?\d*>:\s+(.*)$", out, re.M)
    assert stops[:4] == ["cli", "cld", "xor    %ax,%ax", "mov    %ax,%ds"], out
    assert not re.search(r"^=> 0x7c0", out, re.M), "a second disassembly line per stop:\n" + out


@pytest.mark.points(5)
def test_gdb_breaks_in_umain_of_the_program_run_NAME_gdb_boots(flexjos, request, tmp_path):
    out = debug_with_gdb(flexjos, request, "run-hello-nox-gdb", ["b umain", "c", "bt"], tmp_path)
    assert re.search(r"^Breakpoint 1, umain \(.*\) at user/hello\.cpp:\d+$", out, re.M), out
    assert re.search(r"^#1 .* in libmain \(.*\) at lib/libmain\.cpp:\d+$", out, re.M), out


# --- The monitor's backtrace of a user program --------------------------------

@pytest.mark.points(5)
def test_monitor_backtrace_names_the_user_frames_of_a_panic(boot):
    m = boot(program="num /nosuch")
    assert m.wait_for(r"K> ", timeout=30), m.log().failure("no monitor prompt at the panic")
    text = type_command(m, "backtrace")
    lines = text[text.index("User stack backtrace"):].splitlines()
    assert re.match(r"User stack backtrace of env 00001000 \(num\):$", lines[0]), text
    assert re.match(r" +_panic\+\d+ \(library\)$", lines[2]), text
    assert re.match(r" +user/num\.cpp:\d+: umain\+\d+$", lines[4]), text
    assert re.match(r" +libmain\+\d+ \(library\)$", lines[6]), text
    # libmain is the bottom: lib/entry.S's frame (return address 0) is not shown.
    assert lines[7] == "K> ", text


# --- gdb helpers (conf/gdb/jos.py) against the monitor -------------------------

def gdb_batch(flexjos, port, commands, tmp_path, timeout=60):
    """gdb, set up as `make gdb` sets it up, attached to a running QEMU for commands."""
    init = gdbinit_for(flexjos, port, str(tmp_path))
    args = ["gdb", "-batch", "-n", "-x", init] + [a for c in commands for a in ("-ex", c)]
    r = subprocess.run(args, cwd=flexjos.root, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=timeout)
    return r.stdout + r.stderr


@pytest.mark.points(5)
def test_gdb_helpers_agree_with_the_monitor_at_a_user_breakpoint(boot, flexjos, request, tmp_path):
    port = free_tcp_port()
    m = boot(program="breakpoint", qemu_extra=("-gdb", "tcp::%d" % port))
    assert m.wait_for(r"K> ", timeout=30), m.log().failure("no monitor prompt at the breakpoint")
    ps = type_command(m, "ps")
    kstats = type_command(m, "kstats")
    out = gdb_batch(flexjos, port, ["jos envs", "jos tf", "jos pgdir 1000", "jos kstats"], tmp_path)
    save_serial(request.node, m.text() + "\n--- gdb ---\n" + out)
    env_line = re.search(r"^00001000 .*$", ps, re.M).group(0).rstrip()
    assert re.search(r"^%s  -$" % re.escape(env_line), out, re.M), "ps says %r:\n%s" % (env_line, out)
    # The monitor printed the trap frame when the breakpoint entered it.
    eip = re.search(r"^  eip  0x([0-9a-f]{8})$", m.text(), re.M).group(1)
    assert re.search(r"^trap frame at .*: trap 3, .* from user mode$", out, re.M), out
    assert re.search(r"^  eip    %s$" % eip, out, re.M), out
    assert re.search(r"^00800000-[0-9a-f]{8} -> [0-9a-f]{8}  U[WR]  \d+ pages?$", out, re.M), out
    assert re.search(r"^eebfd000-eebfdfff -> [0-9a-f]{8}  UW  1 page$", out, re.M), out
    for label in ["env switches", "page directory loads", "IPC deliveries", "TLB shootdowns"]:
        want = re.search(r"^  %s +(\d+)$" % label, kstats, re.M).group(1)
        assert re.search(r"^  %s +%s$" % (label, want), out, re.M), (label, want, out)


@pytest.mark.points(5)
def test_gdb_helpers_show_a_flexsc_thread_its_owner_and_the_syscall_page(flexjos, request, tmp_path):
    out = debug_with_gdb(flexjos, request, "run-flexsc-nox-gdb",
                         ["b flexsc_serve_pass", "c", "jos envs", "jos flexsc"], tmp_path)
    assert re.search(r"^00001000  00000000  user .*  thread 00001001$", out, re.M), out
    assert re.search(r"^00001001  00001000  flexsc-thread  running .*  serves 00001000$", out, re.M), out
    assert re.search(r"^syscall page of 00001000 \(thread 00001001\) at f[0-9a-f]{7}$", out, re.M), out
    # user/flexsc.cpp's first entry is a cputs (syscall 0) of its greeting.
    assert re.search(r"^   0 submitted syscall  0 \([0-9a-f]{8} [0-9a-f]{8} ", out, re.M), out
