"""Lab 1: the debugging workflow (gdb against `make qemu-nox-gdb`) and the second emulator (Bochs)."""
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

pytestmark = pytest.mark.lab(1)


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_listener(port, timeout=20):
    """Waits until something accepts connections on port (QEMU's gdb stub takes
    a moment to start; it accepts a new connection after this probe closes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def gdbinit_for(config, port, directory):
    """.gdbinit.tmpl made concrete the way `make gdb` does, but in a private file."""
    with open(os.path.join(config.root, ".gdbinit.tmpl")) as f:
        text = f.read()
    text = text.replace("localhost:1234", "localhost:%d" % port)
    text = text.replace("obj/kern/kernel", config.built("kern/kernel"))
    path = os.path.join(directory, "gdbinit")
    with open(path, "w") as f:
        f.write(text)
    return path


def kill_group(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.points(0)
def test_gdb_stops_at_a_kernel_breakpoint_and_shows_the_caller(flexjos, request):
    port = free_tcp_port()
    tmp = tempfile.mkdtemp(prefix="flexjos-gdb-")
    # -snapshot: other tests' QEMUs hold read locks on the shared image.
    qemu = subprocess.Popen(["make", "--no-print-directory", "qemu-nox-gdb", "GDBPORT=%d" % port,
                             "QEMUEXTRA=-snapshot"] + flexjos.make_args,
                            cwd=flexjos.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for_listener(port), "QEMU's gdb stub never listened on port %d" % port
        gdb = subprocess.Popen(
            ["gdb", "-batch", "-n", "-x", gdbinit_for(flexjos, port, tmp),
             "-ex", "break test_backtrace", "-ex", "continue", "-ex", "bt", "-ex", "kill"],
            cwd=flexjos.root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            out, _ = gdb.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            kill_group(gdb)
            out = gdb.stdout.read() + "\n(gdb timed out after 30 s)"
    finally:
        kill_group(qemu)
        shutil.rmtree(tmp, ignore_errors=True)
    request.node._flexjos_serial = qemu.stdout.read().decode(errors="replace") + "\n--- gdb ---\n" + out
    assert re.search(r"^Breakpoint 1, test_backtrace \(x=.*\) at kern/init\.cpp:\d+", out, re.M), out
    assert re.search(r"^#1 .* in i386_init \(\) at kern/init\.cpp:\d+", out, re.M), out


@pytest.mark.points(0)
def test_bochs_boots_to_the_monitor(flexjos, request):
    tmp = tempfile.mkdtemp(prefix="flexjos-bochs-")
    image = os.path.join(tmp, "kernel.img")
    serial = os.path.join(tmp, "serial")
    shutil.copy(flexjos.built("kern/kernel.img"), image)
    # The image is a whole number of 16-head, 63-sector cylinders (kern/Makefrag).
    cylinders = os.path.getsize(image) // (16 * 63 * 512)
    env = dict(os.environ, FLEXJOS_IMAGE=image, FLEXJOS_CYLINDERS=str(cylinders), FLEXJOS_SERIAL=serial)
    # Bochs's term display wants a terminal: script(1) gives it one.
    command = "bochs -q -f conf/bochsrc -rc conf/bochs.dbgrc"
    bochs = subprocess.Popen(["script", "-qfec", command, "/dev/null"], cwd=flexjos.root, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    text = ""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and bochs.poll() is None:
            if os.path.exists(serial):
                with open(serial, errors="replace") as f:
                    text = f.read()
                if "K> " in text:
                    break
            time.sleep(0.1)
    finally:
        kill_group(bochs)  # Bochs under the term display ignores SIGTERM
        shutil.rmtree(tmp, ignore_errors=True)
    request.node._flexjos_serial = text
    booted = "6828 decimal is 15254 octal!" in text and "K> " in text
    assert booted, "Bochs did not boot to the monitor; serial output:\n" + text[-2000:]


def run_make_until(root, args, pattern, timeout=60):
    """Runs `make ARGS` (a QEMU boot) until its output matches pattern or it
    times out, then kills it. Returns the output."""
    proc = subprocess.Popen(["make", "--no-print-directory"] + args, cwd=root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        os.set_blocking(proc.stdout.fileno(), False)
        while time.monotonic() < deadline and not re.search(pattern, out.decode(errors="replace"), re.M):
            chunk = proc.stdout.read()
            if chunk:
                out += chunk
            elif proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
    finally:
        kill_group(proc)
    return out.decode(errors="replace")


@pytest.mark.points(0)
@pytest.mark.parametrize("args, pattern", [
    # The README's first command: boot and run the FlexSC demo.
    (["run-flexsc-nox"], r"^K> "),
    (["run-kstats-nox", "ARGS=primespipe 30", "FLEXSC=1"], r"^kstats: flexsc entries \d+"),
])
def test_make_run_boots_the_program(flexjos, request, args, pattern):
    # Its own gdb port and -snapshot: other tests boot the same images at the same time.
    out = run_make_until(flexjos.root, args + ["GDBPORT=%d" % free_tcp_port(), "QEMUEXTRA=-snapshot"]
                         + flexjos.make_args, pattern)
    request.node._flexjos_serial = out
    assert re.search(pattern, out, re.M), out[-3000:]
    assert "duplicate fw_cfg" not in out and "kernel panic" not in out, out[-3000:]
