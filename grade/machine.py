"""Boots FlexJOS in QEMU for one test and watches its serial console.

A Machine runs one QEMU process on a private copy of the file system disk
(tests never write the shared image), serial on a pipe, and optionally the gdb stub on a
private Unix socket (no TCP ports to collide on). A test ends as soon as its
outcome is known: a line appears, a breakpoint is hit, the kernel panics,
QEMU exits, or the kernel waits at its monitor with nothing left to run
(serial_log.outcome_known); the machine remembers why (stopped), and its
log() says so in a failure.
"""
import codecs
import functools
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from gdbstub import GdbStub, GdbStubError
from serial_log import EARLY_STOPS, SerialLog, outcome_known

DEFAULT_TIMEOUT = 30
# How long the serial pipe must be quiet before a stopped kernel's output is all read.
OUTPUT_SETTLE_SECONDS = 0.2
# QEMU writes the serial output a byte at a time. Reading it as it comes, and
# matching every pattern again after each read, cost the harness more CPU than
# the fork bomb's QEMU (5 s for its 92 KB): the pump lets a small read's bytes
# gather for PUMP_GATHER_SECONDS before reading again, and a wait matches at
# most once per SCAN_INTERVAL_SECONDS while output flows. Both delay a match by
# milliseconds; a test's timeouts are seconds.
PUMP_GATHER_SECONDS = 0.005
PUMP_READ_BYTES = 65536
SCAN_INTERVAL_SECONDS = 0.02


class Machine:
    def __init__(self, config, program=None, cpus=1, memory=None, qemu_extra=(), use_gdb=False,
                 fs_image=None, boot_sector=False, interleaved_cpus=False, programs=None):
        self.config = config
        self.tmpdir = tempfile.mkdtemp(prefix="flexjos-")
        self.gdb = None
        self.output = bytearray()
        # The output decoded, with "\r\n" as "\n": appended to as it comes
        # (a final "\r" waits for the next read, in case an "\n" follows).
        self._text = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending_cr = False
        self.changed = threading.Condition()
        self.proc = None
        self.cpus = cpus
        self.exited = False
        self.typed_at = 0           # output length when the test last typed
        self.last_output = 0.0      # time.monotonic() of the last output
        self.started = None
        # Seconds from starting QEMU to the kernel's first line (boot speed).
        self.first_line_seconds = None
        self.stopped = None         # why the last wait ended without its line
        self.breakpoint = None      # the symbol continue_to() runs to
        self.breakpoint_hit = False

        cmd = [qemu_binary(config.qemu)] + shlex.split(config.qemuopts)
        kernel_elf = getattr(config, "kernel_elf", None)
        if kernel_elf and not boot_sector:
            cmd = load_kernel_directly(cmd, kernel_elf, programs)
        cmd = replace_smp(cmd, cpus)
        if interleaved_cpus and cpus > 1:
            # QEMU's round-robin TCG: the emulated CPUs take turns on one host
            # thread. With more emulated CPUs than host cores, one host thread
            # per CPU spends most of its time spinning on the kernel lock while
            # the holder's thread waits for a core (the fuzzer on 4 CPUs took
            # 65 s that way and 14 s taking turns). For tests whose subject is
            # not a race between CPUs running at the same instant.
            cmd += ["-accel", "tcg,thread=single"]
        if memory is not None:
            cmd = replace_option(cmd, "-m", str(memory))
        # The file system disk is a private, writable copy: the test's own (to
        # test that data survives a reboot), or one made here. QEMU's -snapshot
        # would keep the shared image unwritten too, but its overlay cost each
        # boot 8 ms of CPU, and a file system test's disk requests 20 ms more.
        # The boot disk is never written: it is in snapshot mode.
        if fs_image is None:
            fs_image = private_copy(fs_image_in(cmd, config.root), self.tmpdir)
        cmd = [use_fs_image(a, fs_image) for a in cmd]
        # No default devices (parallel port, CD-ROM and floppy drives, VGA,
        # network card): the tests name every device they use, and making the
        # defaults cost each boot a tenth of its CPU (0.21 -> 0.19 s to the
        # kernel's first line). make qemu keeps them (a student sees the VGA).
        cmd += ["-nodefaults", "-display", "none", "-monitor", "none", "-serial", "stdio"]
        if program is not None:
            cmd += ["-fw_cfg", "name=opt/flexjos/bootargs,string=" + program]
        if use_gdb:
            self.gdb_socket = os.path.join(self.tmpdir, "gdb.sock")
            cmd += ["-chardev", "socket,id=gdb0,path=%s,server=on,wait=off" % self.gdb_socket,
                    "-gdb", "chardev:gdb0", "-S"]
        cmd += list(qemu_extra)
        self.command = cmd

    def start(self):
        self.started = self.last_output = time.monotonic()
        self.proc = subprocess.Popen(self.command, cwd=self.config.root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=QEMU_ENVIRONMENT)
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()
        if hasattr(self, "gdb_socket"):
            self.gdb = GdbStub(self.gdb_socket)
        return self

    def _pump(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, PUMP_READ_BYTES)
            except OSError:
                chunk = b""
            with self.changed:
                if chunk:
                    self.output += chunk
                    self._decode(chunk)
                    self.last_output = time.monotonic()
                    if self.first_line_seconds is None and re.search(rb"\S[^\n]*\n", self.output):
                        self.first_line_seconds = self.last_output - self.started
                else:
                    self._decode(b"", final=True)
                    self.exited = True
                self.changed.notify_all()
            if not chunk:
                return
            if len(chunk) < PUMP_READ_BYTES:
                time.sleep(PUMP_GATHER_SECONDS)

    def _decode(self, chunk, final=False):
        """Appends chunk to self._text, as text() returns it."""
        text = ("\r" if self._pending_cr else "") + self._decoder.decode(chunk, final)
        self._pending_cr = not final and text.endswith("\r")
        if self._pending_cr:
            text = text[:-1]
        self._text += text.replace("\r\n", "\n")

    def text(self):
        """The serial output so far, decoded, with "\r\n" as "\n"."""
        with self.changed:
            return self._text

    def log(self):
        return SerialLog(self.text(), stopped=self.stopped)

    def wait_until_all_exited(self, timeout=20):
        """Waits for the free page count the monitor prints once the last
        environment has gone (the second such line, after the boot's), whole:
        a number half printed would not compare (expect_no_page_leak). Returns
        the match, or None as wait_for does."""
        return self.wait_for(r"Free physical pages: \d+\n[\s\S]*Free physical pages: \d+\n", timeout)

    def wait_for(self, pattern, timeout=DEFAULT_TIMEOUT, start=0, give_up_on=EARLY_STOPS):
        """Waits until pattern (a regex, multiline) matches the serial output after
        offset start. Returns the match, or None once the outcome is known
        otherwise: QEMU's exit, a kernel panic or the kernel idle at its monitor
        (these two only if in give_up_on: pass give_up_on=() to wait for a line
        printed after a panic or typed at the monitor), or the timeout.
        self.stopped says which."""
        regex = re.compile(pattern, re.M)
        seconds = timeout * self.config.timeout_scale
        deadline = time.monotonic() + seconds
        self.stopped = None
        last_scan = None
        with self.changed:
            while True:
                now = time.monotonic()
                if last_scan is not None and now - last_scan < SCAN_INTERVAL_SECONDS and not self.exited:
                    self.changed.wait(SCAN_INTERVAL_SECONDS - (now - last_scan))
                    continue
                last_scan = now
                text = self._text
                m = regex.search(text, start)
                if m:
                    return m
                why = outcome_known(text, start, pattern, give_up_on, cpus=self.cpus,
                                    exited=self.exited, exit_status=self._exit_status(),
                                    typed_at=self.typed_at,
                                    quiet_seconds=time.monotonic() - self.last_output)
                if why is None and self.breakpoint is not None and self._at_breakpoint():
                    # Stopped: nothing more will be printed, but what it printed
                    # last may still be in the pipe. Look again once it is quiet.
                    if time.monotonic() - self.last_output < OUTPUT_SETTLE_SECONDS:
                        self.changed.wait(OUTPUT_SETTLE_SECONDS)
                        continue
                    why = "the kernel reached %s without printing %r" % (self.breakpoint, pattern)
                if why is not None:
                    self.stopped = why
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stopped = "timed out after %g s" % seconds
                    return None
                # Short waits: the monitor's prompt counts only once output has paused.
                self.changed.wait(min(left, 0.25))

    def cpu_seconds(self):
        """QEMU's CPU time so far, user and system (from /proc)."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _exit_status(self):
        """QEMU's exit status once the serial pipe has closed, else None."""
        if not self.exited:
            return None
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def _at_breakpoint(self):
        """Whether the kernel has stopped at continue_to's breakpoint (the stub
        says so once: remembered for later waits)."""
        if not self.breakpoint_hit:
            try:
                stop = self.gdb.wait_stop(0.01)
            except GdbStubError:
                return False  # QEMU is gone: its exit is reported instead
            self.breakpoint_hit = stop is not None and stop[:1] in ("T", "S")
        return self.breakpoint_hit

    def continue_to(self, symbol):
        """Lets the kernel run until it reaches symbol (a breakpoint there); a
        wait_for ends when it does."""
        self.gdb.set_breakpoint(self.config.symbol(symbol))
        self.gdb.cont()
        self.breakpoint = symbol

    def run_to_symbol(self, symbol, timeout=DEFAULT_TIMEOUT):
        """Continues until the kernel reaches symbol (a breakpoint there). Returns
        True if it did; otherwise self.stopped says why not."""
        seconds = timeout * self.config.timeout_scale
        self.stopped = None
        self.gdb.set_breakpoint(self.config.symbol(symbol))
        self.gdb.cont()
        try:
            stop = self.gdb.wait_stop(seconds)
        except GdbStubError:
            stop = "X"  # QEMU closed the connection: it is gone
        if stop is None:
            self.stopped = "timed out after %g s" % seconds
        elif stop[:1] in ("T", "S"):
            return True
        else:
            self.pump.join(timeout=5)
            self.stopped = "QEMU exited (status %s)" % self._exit_status()
        return False

    def type(self, text):
        """Types text on the serial console."""
        with self.changed:
            self.typed_at = len(self._text)
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def stop(self):
        if self.gdb is not None:
            try:
                self.gdb.close()
            except OSError:
                pass
        if self.proc is not None:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            # Everything QEMU wrote before it died is in the pipe: read it all.
            self.pump.join(timeout=5)
        shutil.rmtree(self.tmpdir, ignore_errors=True)


# QEMU's environment: glibc's malloc with one arena. QEMU's threads would each
# get an arena of their own, grown a few pages at a time with mprotect, which
# is a page-table update on this kind of virtual machine (about 270 of them
# per boot); with qemu_binary, 0.235 -> 0.215 s of CPU per boot.
QEMU_ENVIRONMENT = dict(os.environ, MALLOC_ARENA_MAX="1")


@functools.lru_cache(maxsize=None)
def qemu_binary(qemu):
    """The program to run for qemu. Debian's /usr/bin/qemu-system-i386 is a
    shell script that only redirects Xen options, then runs
    /usr/libexec/qemu-system-i386: the harness runs that itself, one shell
    fewer per boot. Anything else runs as named."""
    path = shutil.which(qemu)
    if path is None:
        return qemu
    real = os.path.join(os.path.dirname(os.path.dirname(path)), "libexec", os.path.basename(path))
    try:
        with open(path, "rb") as f:
            is_script = f.read(2) == b"#!"
    except OSError:
        return qemu
    return real if is_script and os.access(real, os.X_OK) else qemu


def load_kernel_directly(cmd, kernel_elf, programs=None):
    """QEMU loads the kernel itself (Multiboot, kern/entry.S) instead of the
    boot disk: the boot sector reads the kernel a port-I/O word at a time,
    which took most of a test's boot (0.5-1.3 s of 0.8-1.5 s). Tests of the boot
    itself (lab 1) keep the disk (boot_sector=True). The embedded programs come
    from programs.bin beside the kernel (make's obj/kern/programs.bin), or
    the file programs names.

    With it comes the small firmware QEMU ships for direct kernel boots (qboot),
    when this QEMU has it: SeaBIOS's work before the kernel (PCI option ROMs, the
    VGA BIOS, MP tables) cost about 0.06 s of each boot's 0.35 s of CPU. qboot
    writes no MP tables, so the kernel finds the CPUs in ACPI's MADT
    (kern/acpi.cpp); tests of the boot sector keep SeaBIOS and its MP tables.
    No VGA card either: tests read the serial port, and the CGA text the kernel
    writes then goes nowhere instead of through an emulated VGA."""
    out = []
    for arg in cmd:
        if arg.startswith("file=") and "index=0" in arg:
            out.pop()  # its -drive
            continue
        out.append(arg)
    out += ["-kernel", kernel_elf, "-vga", "none"]
    # QEMU copies only the kernel proper (kern/entry.S); the kernel reads each
    # program it starts from this file (kern/programs.cpp).
    programs = programs or os.path.join(os.path.dirname(kernel_elf), "programs.bin")
    if os.path.exists(programs):
        out += ["-fw_cfg", "name=opt/flexjos/programs,file=" + programs]
    qboot = qemu_firmware(cmd[0], "qboot.rom")
    if qboot:
        out += ["-bios", qboot]
    return out


def qemu_firmware(qemu, name):
    """The path of a firmware file in the data folder of the QEMU installation
    at qemu (…/bin/qemu-system-i386 -> …/share/qemu/name), or None."""
    exe = shutil.which(qemu) or qemu
    prefix = os.path.dirname(os.path.dirname(os.path.realpath(exe)))
    path = os.path.join(prefix, "share", "qemu", name)
    return path if os.path.exists(path) else None


def fs_image_in(cmd, root):
    """The file system disk's image in QEMU command cmd (index=1; a relative
    path is from root), or None."""
    for arg in cmd:
        if arg.startswith("file=") and "index=1" in arg:
            return os.path.join(root, arg[len("file="):].split(",")[0])
    return None


def private_copy(image, directory):
    """A copy of image in directory, or None if there is no image. Only the
    image's data is copied: its holes (most of an fs image) stay holes."""
    if image is None:
        return None
    copy = os.path.join(directory, os.path.basename(image))
    with open(image, "rb") as src, open(copy, "wb") as dst:
        size = os.fstat(src.fileno()).st_size
        offset = 0
        while offset < size:
            try:
                offset = os.lseek(src.fileno(), offset, os.SEEK_DATA)
            except OSError:  # only a hole is left
                break
            end = os.lseek(src.fileno(), offset, os.SEEK_HOLE)
            while offset < end:
                offset += os.copy_file_range(src.fileno(), dst.fileno(), end - offset,
                                             offset, offset)
        dst.truncate(size)
    return copy


def use_fs_image(arg, path):
    if path is not None and arg.startswith("file=") and "index=1" in arg:
        return "file=%s,index=1,media=disk,format=raw" % path
    if arg.startswith("file=") and "index=0" in arg:
        return arg + ",snapshot=on"
    return arg


def replace_option(cmd, option, value):
    out = list(cmd)
    if option in out:
        out[out.index(option) + 1] = value
    else:
        out += [option, value]
    return out


def replace_smp(cmd, cpus):
    return replace_option(cmd, "-smp", "%d,sockets=%d" % (cpus, cpus))
