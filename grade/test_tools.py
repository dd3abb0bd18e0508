"""Lab 1: the debugging workflow (gdb against `make qemu-nox-gdb`) and the second emulator (Bochs)."""
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
from serial_log import save_serial

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
    text = re.sub(r"\bobj/", config.objdir + "/", text)
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
    # -snapshot: other tests boot the same images at the same time.
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
    save_serial(request.node, qemu.stdout.read().decode(errors="replace") + "\n--- gdb ---\n" + out)
    assert re.search(r"^Breakpoint 1, test_backtrace \(x=.*\) at kern/init\.cpp:\d+", out, re.M), out
    assert re.search(r"^#1 .* in i386_init \(\) at kern/init\.cpp:\d+", out, re.M), out


def run_bochs_until(root, directory, image, fs_image, bootargs, steps, timeout=60):
    """Boots conf/bochs.sh (what `make bochs` runs) on a pseudo-terminal, its
    console, and plays steps: (pattern, keys) pairs, typing keys once the
    output since the last step matches pattern. Ends that Bochs with
    `conf/bochs.sh quit`. Returns the terminal's output."""
    cylinders = os.path.getsize(image) // (16 * 63 * 512)  # kern/Makefrag's geometry
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(root)
        os.execvp("conf/bochs.sh", ["conf/bochs.sh", "run", image, str(cylinders), fs_image, directory, bootargs])
    out, mark = b"", 0
    deadline = time.monotonic() + timeout
    try:
        while steps and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break  # Bochs and the script are gone
            if re.search(steps[0][0], out[mark:].decode(errors="replace")):
                os.write(fd, steps[0][1].encode())
                mark = len(out)
                steps = steps[1:]
    finally:
        subprocess.run([os.path.join(root, "conf/bochs.sh"), "quit", directory], stderr=subprocess.DEVNULL)
        os.waitpid(pid, 0)
        os.close(fd)
    return out.decode(errors="replace").replace("\r", "")


@pytest.mark.points(0)
@pytest.mark.parametrize("bootargs, prompt, command, answer", [
    # The shell is lab 5's: a lab-2 to lab-5 handout cannot run it (doc/labs.md).
    pytest.param("+usertrap=destroy icode", r"\n\$ $", "echo typed into bochs\r", r"^typed into bochs$",
                 marks=pytest.mark.lab(5)),
    ("", r"K> $", "kerninfo\r", r"Kernel executable memory footprint: \d+KB"),
], ids=["shell", "monitor"])
def test_bochs_answers_a_typed_command(flexjos, request, tmp_path, bootargs, prompt, command, answer):
    if shutil.which("bochs") is None:
        pytest.skip("bochs is not installed (make deps installs it)")
    # Private copies: Bochs locks its images, and the file server writes fs.img.
    image, fs_image = str(tmp_path / "kernel.img"), str(tmp_path / "fs.img")
    shutil.copy(flexjos.built("kern/kernel.img"), image)
    shutil.copy(flexjos.built("fs/fs.img"), fs_image)
    # After the answer, wait for the next prompt so the answer is complete.
    text = run_bochs_until(flexjos.root, str(tmp_path), image, fs_image, bootargs,
                           [(prompt, command), (prompt, "")])
    save_serial(request.node, text)
    assert "6828 decimal is 15254 octal!" in text, "Bochs did not boot the kernel:\n" + text[-2000:]
    assert re.search(answer, text, re.M), "Bochs did not answer %r:\n%s" % (command, text[-2000:])
    assert "ALSA" not in text, "Bochs printed ALSA errors:\n" + text[-2000:]


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
    # The README's first command: boot and run the FlexSC demo. Both programs
    # need every lab, so they are FlexSC's tests (the last lab; doc/labs.md).
    pytest.param(["run-flexsc-nox"], r"^K> ", marks=pytest.mark.lab("FlexSC")),
    pytest.param(["run-kstats-nox", "ARGS=primespipe 30", "FLEXSC=1"], r"^kstats: flexsc entries \d+",
                 marks=pytest.mark.lab("FlexSC")),
])
def test_make_run_boots_the_program(flexjos, request, args, pattern):
    # -snapshot: other tests boot the same images at the same time.
    out = run_make_until(flexjos.root, args + ["QEMUEXTRA=-snapshot"] + flexjos.make_args, pattern)
    save_serial(request.node, out)
    assert re.search(pattern, out, re.M), out[-3000:]
    assert "duplicate fw_cfg" not in out and "kernel panic" not in out, out[-3000:]


def make_dry_run(root, targets, *args):
    """{target: the commands `make -n TARGET ARGS` would run} for each of
    targets, from one make: a section rule (--eval) echoes each target's name
    before its commands. One make instead of one per target, because reading
    the makefiles is most of a make's cost (0.12 s of CPU)."""
    goals = [g for t in targets for g in ("grade-section-" + t, t)]
    r = subprocess.run(["make", "-n", "--no-print-directory", "--eval=grade-section-%: ; @echo '@@ $*'"]
                       + goals + list(args), cwd=root, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    sections = re.split(r"^echo '@@ (.*)'\n", r.stdout, flags=re.M)[1:]
    return dict(zip(sections[::2], sections[1::2]))


@pytest.mark.points(0)
def test_only_gdb_targets_open_the_gdb_port(flexjos):
    plain = ["qemu", "qemu-nox", "run-hello", "run-hello-nox"]
    gdb = ["qemu-gdb", "qemu-nox-gdb", "run-hello-gdb", "run-hello-nox-gdb"]
    commands = make_dry_run(flexjos.root, plain + gdb, "GDBPORT=26123")
    assert sorted(commands) == sorted(plain + gdb), commands
    for target in plain:
        out = commands[target]
        assert "qemu-system" in out and "-gdb" not in out and "26123" not in out, (target, out)
    for target in gdb:
        out = commands[target]
        assert re.search(r"qemu-system.* -gdb tcp::26123 -S", out), (target, out)


def tracked_copy(root, directory):
    """A checkout of the checkout's tracked files (no build) in directory:
    symbolic links to them, which make reads like the files (copying the 430
    files cost 0.07 s of CPU per checkout; the port depends only on the path)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        if name and os.path.isfile(os.path.join(root, name)):
            os.makedirs(os.path.join(directory, os.path.dirname(name)), exist_ok=True)
            os.symlink(os.path.join(root, name), os.path.join(directory, name))


def print_gdbports(runs):
    """The ports `make print-gdbport ARGS` prints in each (directory, args) of
    runs. The makes run at once: each waits mostly for its shells."""
    procs = [subprocess.Popen(["make", "-s", "--no-print-directory", "print-gdbport"] + list(args),
                              cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for directory, args in runs]
    ports = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, out + err
        ports.append(int(out.strip()))
    return ports


@pytest.mark.points(0)
def test_the_default_gdb_port_differs_between_checkouts(flexjos):
    tmp = tempfile.mkdtemp(prefix="flexjos-ports-")
    try:
        checkouts = [os.path.join(tmp, name) for name in ["a", "b", "c"]]
        for checkout in checkouts:
            tracked_copy(flexjos.root, checkout)
        # Each checkout twice, and the first with GDBPORT chosen.
        ports = print_gdbports([(c, ()) for c in checkouts] * 2 + [(checkouts[0], ("GDBPORT=1234",))])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ports, again, chosen = ports[:3], ports[3:6], ports[6]
    # The same checkout always gets the same port.
    assert again == ports, (ports, again)
    assert chosen == 1234
    assert all(26000 <= p <= 29999 for p in ports), ports
    # Hashed into 4000 ports: three checkouts all on one port would be a 1 in 16 million chance.
    assert len(set(ports)) > 1, ports


def private_images(flexjos, directory):
    """make arguments that boot copies of the images in directory (writable, unlike -snapshot)."""
    args = []
    for var, built in [("IMAGE", "kern/kernel.img"), ("FS_IMAGE", "fs/fs.img")]:
        path = os.path.join(directory, os.path.basename(built))
        shutil.copy(flexjos.built(built), path)
        args.append("%s=%s" % (var, path))
    return args


@pytest.mark.points(0)
def test_a_second_qemu_on_the_same_disks_is_refused_with_a_reason(flexjos, request):
    tmp = tempfile.mkdtemp(prefix="flexjos-lock-")
    images = private_images(flexjos, tmp) + [a for a in flexjos.make_args if "IMAGE=" not in a]
    first = subprocess.Popen(["make", "--no-print-directory", "run-hello-nox"] + images, cwd=flexjos.root,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        qemu_pid = None
        while qemu_pid is None and time.monotonic() < deadline and first.poll() is None:
            qemu_pid = qemu_child_of(first.pid, tmp)
            time.sleep(0.1)
        assert qemu_pid is not None, "the first QEMU never started"
        second = subprocess.run(["make", "--no-print-directory", "run-hello-nox"] + images,
                                cwd=flexjos.root, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, timeout=60)
    finally:
        kill_group(first)
        shutil.rmtree(tmp, ignore_errors=True)
    out = second.stdout + second.stderr
    save_serial(request.node, out)
    assert second.returncode != 0, out
    assert re.search(r"(kernel|fs)\.img is in use by QEMU pid %d \(another make qemu.*kill %d" % (qemu_pid, qemu_pid),
                     out), out
    assert "Failed to get" not in out, "QEMU was started anyway: " + out


def qemu_child_of(pid, directory):
    """The pid of a QEMU booting disks in directory in the session that pid
    leads (make's, started with start_new_session), or None."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/%s/cmdline" % entry) as f:
                cmdline = f.read()
        except OSError:
            continue
        if "qemu" in cmdline.split("\0")[0] and directory in cmdline and int(fields[3]) == pid:
            return int(entry)
    return None


@pytest.mark.points(0)
def test_a_gdb_target_says_who_holds_its_port(flexjos):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        r = subprocess.run(["make", "--no-print-directory", "qemu-nox-gdb", "GDBPORT=%d" % port,
                            "QEMUEXTRA=-snapshot"] + flexjos.make_args, cwd=flexjos.root,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "port %d in use (another make qemu-gdb running? pid %d)" % (port, os.getpid()) in out, out
    assert "qemu-system" not in out, "QEMU was started anyway: " + out
