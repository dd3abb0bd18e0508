#!/usr/bin/python3
"""make bench: boots the FlexJOS benchmark programs in QEMU, one boot after
another, and reports what a system call costs on each path (doc/bench.md).

This file only boots and collects; bench_report.py turns the guest's BENCH
lines into medians, targets, the table, results.json and the plot.

From a grade test:  results = run_bench(out_dir, quick=True, config=flexjos)
returns the results dict (as in results.json) or raises BenchError.
"""
import argparse
import os
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_report  # noqa: E402
import httpload  # noqa: E402
from machine import Machine  # noqa: E402
from serial_log import SerialLog  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

NULL_CASES = ("null/int", "null/sysenter", "null/flexsc-1", "null/flexsc-8", "null/flexsc-32",
              "null/flexsc-64", "null/poll-64")
IPC_CASES = ("ipc/trap", "ipc/flexsc-threads")
FILE_CASES = ("file/read1m/%s", "file/primespipe/%s")
# The file server under N clients (user/benchserv.cpp), one boot per mode.
SERVER_BOOTS = (("benchserv fs", "trap"), ("+flexsc=always benchserv fs", "flexsc"),
                ("benchserv fs threads", "threads"), ("benchserv fs poll", "poll"))
# httpd under host connections: its modes are the program's own (it has no threads).
HTTP_BOOTS = (("benchhttp", "trap"), ("+flexsc=always benchhttp", "flexsc"))

# Under -icount the guest TSC advances with the instruction count, so the
# figures repeat exactly from run to run and from host to host.
ICOUNT_OPTS = ("-icount", "shift=0")
TIMEOUT = 120
QUICK_TIMEOUT = 40


@dataclass(frozen=True)
class Boot:
    bootarg: str
    cpus: int
    icount: bool
    cases: tuple
    http: bool = False  # benchhttp: the host drives httpd's load (grade/httpload.py)


def boot_plan(quick=False):
    """The boots of one run, in order. The guest reads `quick` from its boot
    argument and then makes fewer repetitions and calls."""
    suffix = " quick" if quick else ""
    return [
        Boot("bench null" + suffix, 2, False, NULL_CASES),
        Boot("bench null" + suffix, 2, True, NULL_CASES),
        Boot("bench ipc" + suffix, 1, False, IPC_CASES),
        Boot("benchfile" + suffix, 1, False, tuple(c % "normal" for c in FILE_CASES)),
        # The same program with the library OS in transparent FlexSC mode: the
        # kernel reads "+flexsc" as an option, not a program (kern/boot_command.h).
        Boot("+flexsc benchfile" + suffix, 1, False, tuple(c % "flexsc" for c in FILE_CASES)),
    ] + [Boot(bootarg + suffix, 2, False, server_cases("fs", mode)) for bootarg, mode in SERVER_BOOTS
         ] + [Boot(bootarg + suffix, 2, False, httpload.http_cases(mode), http=True)
              for bootarg, mode in HTTP_BOOTS]


def server_cases(workload, mode):
    return tuple("%s/%s/n%d" % (workload, mode, n) for n in bench_report.SERVER_CLIENTS)


class BenchError(Exception):
    """A boot failed (guest error, panic, timeout, missing case) or could not start.
    The message names each failed boot and shows the end of its log."""


class HostConfig:
    """The part of conftest.Config a bench run needs, without pytest: the QEMU
    binary and the flags every FlexJOS boot shares."""

    def __init__(self, qemu, qemuopts, root=ROOT, kernel_elf=None):
        self.qemu = qemu
        self.qemuopts = qemuopts
        self.kernel_elf = kernel_elf  # booted directly by QEMU when set (grade/machine.py)
        self.root = root
        self.timeout_scale = 1  # conftest.Config stretches waits for the sanitized build

    @classmethod
    def from_environment(cls):
        # make bench passes both; run by hand, ask make, as conftest.py does.
        return cls(os.environ.get("FLEXJOS_QEMU") or make_print("print-qemu"),
                   os.environ.get("FLEXJOS_QEMUOPTS") or make_print("print-qemuopts"),
                   kernel_elf=os.environ.get("FLEXJOS_KERNEL") or None)


def make_print(target):
    try:
        return subprocess.run(["make", "-s", "--no-print-directory", target], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        raise BenchError("cannot ask make for the QEMU settings (make %s): %s" % (target, e)) \
            from None


def qemu_version(qemu):
    try:
        out = subprocess.run([qemu, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.splitlines()[0] if out else "unknown"


def start_qemu(config, boot):
    machine = Machine(config, program=boot.bootarg, cpus=boot.cpus,
                      qemu_extra=ICOUNT_OPTS if boot.icount else ())
    try:
        return machine.start()
    except OSError:
        machine.stop()  # removes its temporary directory
        raise


def run_boot(config, boot, timeout, log_path, start_machine=start_qemu):
    """Boots once and waits for `BENCH done`, a panic line, QEMU's exit, or the
    timeout. Returns (record for results.json, BootLog, problems, serial text)."""
    started = time.monotonic()
    try:
        machine = start_machine(config, boot)
    except OSError as e:
        raise BenchError("cannot start QEMU (%s): %s" % (config.qemu, e)) from None
    try:
        # A panic message ends at the newline; wait for it so the log shows all of it.
        found = machine.wait_for(r"BENCH done|kernel panic[^\n]*\n", timeout)
        exited = getattr(machine, "exited", False)
    finally:
        machine.stop()
    seconds = time.monotonic() - started
    text = machine.text()
    with open(log_path, "w") as f:
        f.write(text)
    log = bench_report.parse_boot_log(text)
    problems = bench_report.boot_problems(log, boot.cases)
    if found is None:
        problems.insert(0, "QEMU exited before `BENCH done`" if exited
                        else "timed out after %d s" % timeout)
    record = {"bootarg": boot.bootarg, "cpus": boot.cpus, "icount": boot.icount,
              "seconds": round(seconds, 2), "log": os.path.basename(log_path)}
    return record, log, problems, text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def net_options(config, echo_port, http_port, pcap):
    """conf/net.mk's QEMU flags with these host ports and capture file."""
    try:
        out = subprocess.run(["make", "-s", "--no-print-directory", "print-qemu-netopts",
                              "NET_ECHO_PORT=%d" % echo_port, "NET_HTTP_PORT=%d" % http_port,
                              "NET_PCAP=" + pcap], cwd=config.root, check=True,
                             capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        raise BenchError("cannot ask make for the network flags: %s" % e) from None
    return shlex.split(out)


def run_http_boot(config, boot, timeout, log_path, quick):
    """Boots benchhttp with the network card and drives httpd from the host.
    Returns what run_boot returns."""
    started = time.monotonic()
    echo_port, http_port = free_port(), free_port()
    pcap = os.path.abspath(os.path.splitext(log_path)[0] + ".pcap")  # QEMU runs elsewhere
    mode = boot.cases[0].split("/")[1]
    machine = Machine(config, program=boot.bootarg, cpus=boot.cpus,
                      qemu_extra=net_options(config, echo_port, http_port, pcap))
    try:
        machine.start()
    except OSError as e:
        machine.stop()
        raise BenchError("cannot start QEMU (%s): %s" % (config.qemu, e)) from None
    try:
        samples, problems = httpload.drive(machine, echo_port, http_port, mode, quick,
                                           config.root, timeout)
    except OSError as e:
        samples, problems = {}, ["talking to benchhttp: %s" % e]
    finally:
        machine.stop()
    text = machine.text()
    with open(log_path, "w") as f:
        f.write(text)
    log = bench_report.parse_boot_log(text)  # for a panic line
    log.samples, log.done = samples, True
    problems = bench_report.boot_problems(log, boot.cases if not problems else ()) + problems
    record = {"bootarg": boot.bootarg, "cpus": boot.cpus, "icount": boot.icount,
              "seconds": round(time.monotonic() - started, 2), "log": os.path.basename(log_path)}
    return record, log, problems, text


def describe_failure(boot, log_path, problems, text):
    tail = SerialLog(text)
    return "%s (%d CPU%s%s) failed:\n%s\n--- last lines of %s ---\n%s" % (
        boot.bootarg, boot.cpus, "s" if boot.cpus > 1 else "", ", icount" if boot.icount else "",
        "\n".join("  " + p for p in problems), log_path, tail.tail())


def run_bench(out_dir, quick=False, reps=1, config=None, plot=True, echo=print,
              start_machine=start_qemu, boots=None):
    """Runs every boot of boot_plan(quick) reps times, pools the repetitions,
    writes <out_dir>/results.json, one log per boot and (if plot) the plot, and
    prints the report through echo; boots replaces boot_plan(quick). Returns
    the results dict. Raises BenchError
    if a boot failed (after writing what it has), or bench_report.PlotUnavailable
    if only the plot could not be drawn."""
    config = config or HostConfig.from_environment()
    os.makedirs(out_dir, exist_ok=True)
    timeout = QUICK_TIMEOUT if quick else TIMEOUT
    records, failures = [], []
    samples, icount_samples = {}, {}
    for run in range(1, reps + 1):
        for boot in boots if boots is not None else boot_plan(quick):
            name = bench_report.log_file_name(boot.bootarg, boot.icount, run if reps > 1 else None)
            log_path = os.path.join(out_dir, name)
            echo("bench: booting %r on %d CPU(s)%s ..." % (boot.bootarg, boot.cpus,
                                                          " with -icount" if boot.icount else ""))
            if boot.http:
                record, log, problems, text = run_http_boot(config, boot, timeout, log_path, quick)
            else:
                record, log, problems, text = run_boot(config, boot, timeout, log_path,
                                                       start_machine)
            records.append(record)
            bench_report.merge_samples(icount_samples if boot.icount else samples, log.samples)
            echo("bench:   %.1f s, %s" % (record["seconds"], "FAILED" if problems else "ok"))
            if problems:
                failures.append(describe_failure(boot, log_path, problems, text))

    results = bench_report.build_results("quick" if quick else "full", qemu_version(config.qemu),
                                         records, samples, icount_samples, failures)
    json_path = os.path.join(out_dir, "results.json")
    bench_report.write_json(results, json_path)
    echo("")
    echo(bench_report.format_report(results))
    echo("")
    echo("bench: wrote %s and the serial logs" % json_path)

    plot_problem = None
    if plot:
        png_path = os.path.join(out_dir, "syscall-cost.png")
        try:
            bench_report.plot_syscall_cost(results, png_path)
            echo("bench: wrote %s" % png_path)
        except bench_report.PlotUnavailable as e:
            plot_problem = e
        if plot_problem is None and results["server_targets"]:
            png_path = os.path.join(out_dir, "server-throughput.png")
            bench_report.plot_server_throughput(results, png_path)
            echo("bench: wrote %s" % png_path)
    if failures:
        raise BenchError("\n\n".join(failures + ([str(plot_problem)] if plot_problem else [])))
    if plot_problem:
        raise plot_problem
    return results


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Boot the FlexJOS benchmark programs in QEMU (one boot after another) and "
                    "report cycles and kernel entries per system call for each path: int $0x30, "
                    "sysenter, FlexSC batches, a polling syscall thread, IPC and file workloads. "
                    "Build first (make bench does). Figures are TCG emulation figures: compare "
                    "paths within one run, not absolute times. See doc/bench.md.",
        epilog="Exit status: 0 when every boot produced its figures (targets missed or not), "
               "1 when a boot failed or the plot could not be drawn. QEMU and its flags come "
               "from FLEXJOS_QEMU and FLEXJOS_QEMUOPTS, or else from make print-qemu and "
               "make print-qemuopts.")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="directory for results.json, syscall-cost.png and one serial log "
                             "per boot (created if missing)")
    parser.add_argument("--quick", action="store_true",
                        help="pass `quick` to each program: fewer repetitions and calls, and a "
                             "%d s timeout per boot instead of %d s" % (QUICK_TIMEOUT, TIMEOUT))
    parser.add_argument("--reps", type=positive_int, default=1, metavar="N",
                        help="run every boot N times and pool the repetitions into one median "
                             "(default 1; each boot already repeats each case itself)")
    parser.add_argument("--only", metavar="TEXT",
                        help="run only the boots whose boot argument contains TEXT, e.g. "
                             "benchserv for the server workloads")
    parser.add_argument("--no-plot", dest="plot", action="store_false",
                        help="skip syscall-cost.png (no matplotlib needed)")
    return parser.parse_args(argv)


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv=None):
    args = parse_args(argv)
    try:
        boots = [b for b in boot_plan(args.quick) if args.only is None or args.only in b.bootarg]
        run_bench(args.out, quick=args.quick, reps=args.reps, plot=args.plot, boots=boots)
    except bench_report.PlotUnavailable as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    except BenchError as e:
        print("\nbench: FAILED\n%s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
