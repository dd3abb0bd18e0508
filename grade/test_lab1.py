"""Lab 1: booting, the console, cprintf, the monitor and backtraces."""
import os
import re

import pytest
from monitor_session import type_command

# Lab 1 is about booting: its tests go through the boot sector, not QEMU's loader.
pytestmark = [pytest.mark.lab(1), pytest.mark.boot_sector]

FRAME_RE = r"  ebp (f[0-9a-f]{7})  eip (f[0-9a-f]{7})  args((?: [0-9a-f]{8}){5})$"
SYMBOL_RE = r"         ([\w/.]+):(\d+): (\S+)\+(\d+)$"


@pytest.fixture
def monitor_boot(run_kernel):
    run = run_kernel()
    assert run.reached, run.log.failure("the kernel never reached the monitor's readline")
    return run


def backtrace_frames(log):
    frames = log.find_all(FRAME_RE)
    symbols = log.find_all(SYMBOL_RE)
    return frames, symbols


@pytest.mark.points(0)
def test_kernel_boots_to_the_monitor(monitor_boot):
    monitor_boot.log.expect(r"Welcome to the JOS kernel monitor!$",
                            r"Type 'help' for a list of commands\.$",
                            absent=[r".*kernel panic"])


@pytest.mark.points(20)
def test_printf_prints_octal(monitor_boot):
    monitor_boot.log.expect(r"6828 decimal is 15254 octal!$")


@pytest.mark.points(0)
def test_printf_verbs_self_check(monitor_boot):
    monitor_boot.log.expect(r"check_printfmt\(\) succeeded!$", absent=[r"check_printfmt: "])


@pytest.mark.points(10)
def test_backtrace_count(monitor_boot, flexjos):
    frames, _ = backtrace_frames(monitor_boot.log)
    text_start, text_end = flexjos.symbol("entry"), flexjos.symbol("etext")
    assert len(frames) == 8, monitor_boot.log.failure("expected 8 backtrace frames, got %d" % len(frames))
    for f in frames:
        eip = int(f.group(2), 16)
        assert text_start <= eip < text_end, monitor_boot.log.failure(
            "eip %08x is outside the kernel text [%08x, %08x)" % (eip, text_start, text_end))


@pytest.mark.points(10)
def test_backtrace_arguments(monitor_boot):
    frames, _ = backtrace_frames(monitor_boot.log)
    first_args = [f.group(3).split()[0] for f in frames[:7]]
    expected = ["%08x" % n for n in (0, 0, 1, 2, 3, 4, 5)]
    assert first_args == expected, monitor_boot.log.failure(
        "first arguments of the first 7 frames: expected %s, got %s" % (expected, first_args))


@pytest.mark.points(5)
def test_backtrace_symbols(monitor_boot):
    _, symbols = backtrace_frames(monitor_boot.log)
    names = [(s.group(1), s.group(3)) for s in symbols[:7]]
    expected = [("kern/init.cpp", "test_backtrace")] * 6 + [("kern/init.cpp", "i386_init")]
    assert names == expected, monitor_boot.log.failure(
        "backtrace symbols: expected %s, got %s" % (expected, names))


def function_line_range(path, name):
    """The first and last line of the definition of function name in a source file:
    from the line holding 'name(' at column 0 to the next '}' at column 0."""
    with open(path) as f:
        lines = f.read().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(name + "("))
    last = next(i for i in range(first, len(lines)) if lines[i].startswith("}"))
    return first + 1, last + 1


@pytest.mark.points(5)
def test_backtrace_lines(monitor_boot, flexjos):
    _, symbols = backtrace_frames(monitor_boot.log)
    first, last = function_line_range(os.path.join(flexjos.root, "kern/init.cpp"), "test_backtrace")
    lines = [int(s.group(2)) for s in symbols if s.group(3) == "test_backtrace"]
    assert len(lines) == 6, monitor_boot.log.failure("expected 6 test_backtrace frames")
    for n in lines:
        assert first <= n <= last, monitor_boot.log.failure(
            "line %d is not inside test_backtrace (kern/init.cpp:%d-%d)" % (n, first, last))


@pytest.fixture
def monitor(boot):
    m = boot()
    assert m.wait_for(r"^K> ", timeout=30), m.log().failure("no monitor prompt")
    return m


@pytest.mark.points(0)
def test_monitor_help_lists_commands(monitor):
    out = type_command(monitor, "help")
    for command in ("help", "kerninfo", "backtrace"):
        assert re.search(r"^%s - \S" % command, out, re.M), monitor.log().failure(
            "help does not describe %r" % command)


@pytest.mark.points(0)
def test_monitor_kerninfo_shows_symbols(monitor, flexjos):
    out = type_command(monitor, "kerninfo")
    entry = flexjos.symbol("entry")
    end = flexjos.symbol("end")
    assert re.search(r"^  entry  %08x \(virt\)  %08x \(phys\)$" % (entry, entry - 0xF0000000), out, re.M), \
        monitor.log().failure("kerninfo does not show entry at %08x" % entry)
    assert re.search(r"^  end    %08x \(virt\)" % end, out, re.M), \
        monitor.log().failure("kerninfo does not show end at %08x" % end)
    footprint = (end - entry + 1023) // 1024
    assert re.search(r"^Kernel executable memory footprint: %dKB$" % footprint, out, re.M), \
        monitor.log().failure("kerninfo footprint is not %dKB" % footprint)


@pytest.mark.points(0)
def test_monitor_backspace_edits_the_line(monitor):
    out = type_command(monitor, "hepp\x7f\x7flp")
    assert re.search(r"^kerninfo - ", out, re.M), monitor.log().failure(
        "'hepp<DEL><DEL>lp' did not run help")


@pytest.mark.points(0)
def test_monitor_rejects_unknown_command(monitor):
    out = type_command(monitor, "frobnicate now")
    assert re.search(r"^Unknown command 'frobnicate'$", out, re.M), monitor.log().failure(
        "no 'Unknown command' answer")
