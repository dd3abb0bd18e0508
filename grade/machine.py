"""Boots FlexJOS in QEMU for one test and watches its serial console.

A Machine runs one QEMU process with the disk in snapshot mode (tests never
write the shared image), serial on a pipe, and optionally the gdb stub on a
private Unix socket (no TCP ports to collide on). A test ends as soon as its
outcome is known: a line appears, a breakpoint is hit, or QEMU exits.
"""
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from gdbstub import GdbStub
from serial_log import SerialLog

DEFAULT_TIMEOUT = 30


class Machine:
    def __init__(self, config, program=None, cpus=1, memory=None, qemu_extra=(), use_gdb=False,
                 fs_image=None):
        self.config = config
        self.tmpdir = tempfile.mkdtemp(prefix="flexjos-")
        self.gdb = None
        self.output = bytearray()
        self.changed = threading.Condition()
        self.proc = None

        cmd = [config.qemu] + shlex.split(config.qemuopts)
        cmd = replace_smp(cmd, cpus)
        if memory is not None:
            cmd = replace_option(cmd, "-m", str(memory))
        if fs_image is None:
            cmd.append("-snapshot")  # no test writes the shared images
        else:
            # A private, writable copy of the file system disk (to test that data
            # survives a reboot); the boot disk stays read-only.
            cmd = [use_fs_image(a, fs_image) for a in cmd]
        cmd += ["-display", "none", "-monitor", "none", "-serial", "stdio"]
        if program is not None:
            cmd += ["-fw_cfg", "name=opt/flexjos/bootargs,string=" + program]
        if use_gdb:
            self.gdb_socket = os.path.join(self.tmpdir, "gdb.sock")
            cmd += ["-chardev", "socket,id=gdb0,path=%s,server=on,wait=off" % self.gdb_socket,
                    "-gdb", "chardev:gdb0", "-S"]
        cmd += list(qemu_extra)
        self.command = cmd

    def start(self):
        self.proc = subprocess.Popen(self.command, cwd=self.config.root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()
        if hasattr(self, "gdb_socket"):
            self.gdb = GdbStub(self.gdb_socket)
        return self

    def _pump(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            with self.changed:
                if chunk:
                    self.output += chunk
                else:
                    self.exited = True
                self.changed.notify_all()
            if not chunk:
                return

    def text(self):
        with self.changed:
            return self.output.decode(errors="replace").replace("\r\n", "\n")

    def log(self):
        return SerialLog(self.text())

    def wait_for(self, pattern, timeout=DEFAULT_TIMEOUT, start=0):
        """Waits until pattern (a regex, multiline) matches the serial output after
        offset start. Returns the match, or None on timeout or QEMU exit."""
        regex = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout * self.config.timeout_scale
        with self.changed:
            while True:
                m = regex.search(self.output.decode(errors="replace").replace("\r\n", "\n"), start)
                if m or getattr(self, "exited", False):
                    return m
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.changed.wait(min(left, 0.5))

    def run_to_symbol(self, symbol, timeout=DEFAULT_TIMEOUT):
        """Continues until the kernel reaches symbol (a breakpoint there). Returns True if it did."""
        address = self.config.symbol(symbol)
        self.gdb.set_breakpoint(address)
        self.gdb.cont()
        stop = self.gdb.wait_stop(timeout * self.config.timeout_scale)
        return stop is not None and stop[:1] in ("T", "S")

    def type(self, text):
        """Types text on the serial console."""
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


def use_fs_image(arg, path):
    if arg.startswith("file=") and "index=1" in arg:
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
