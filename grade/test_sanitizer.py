"""make SANITIZE=1 (doc/toolchain.md): undefined behaviour and a smashed stack in
a user program end that environment with a message naming the place, and the
kernel keeps running. These checks exist only in the sanitized build, so
most tests here run under `make grade-sanitized` and skip in a normal build."""
import os
import re
import subprocess

import pytest

pytestmark = pytest.mark.lab("sanitizer")

needs_sanitized_build = pytest.mark.skipif(
    os.environ.get("FLEXJOS_SANITIZE") != "1",
    reason="the checks exist only in the sanitized build: run make grade-sanitized")

NO_CRASH = [r"kernel panic", r"kernel warning"]
FREED = r"\[00001000\] free env 00001000$"


def source_line(config, path, text):
    """The 1-based number of the line of source file path that contains text."""
    with open(os.path.join(config.root, path)) as f:
        for number, line in enumerate(f, 1):
            if text in line:
                return number
    raise AssertionError("%s has no line containing %r" % (path, text))


def function_range(config, program, name):
    """[start, end) of the function called name in the user program, from its symbol table."""
    out = subprocess.run(["nm", "-C", "-S", config.built("user/" + program)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[3].split("(")[0] == name:
            start, size = int(parts[0], 16), int(parts[1], 16)
            return start, start + size
    raise AssertionError("no function %s in %s" % (name, program))


@needs_sanitized_build
@pytest.mark.points(0)
def test_user_signed_overflow_ends_only_that_env_naming_the_line(run_kernel, flexjos):
    run = run_kernel("ubsan")
    assert run.reached, run.log.failure("ubsan never reached the monitor")
    line = source_line(flexjos, "user/ubsan.cpp", "largest + 1")
    run.log.expect(r"adding 1 to 2147483647$",
                   r"\[00001000\] UBSAN: signed-integer-overflow at user/ubsan\.cpp:%d:\d+: "
                   r"2147483647 \+ 1 overflows 'int'$" % line,
                   FREED,
                   absent=[r"went unchecked"] + NO_CRASH)


@needs_sanitized_build
@pytest.mark.points(0)
def test_user_stack_smash_is_caught_before_the_frame_returns(run_kernel, flexjos):
    run = run_kernel("stacksmash")
    assert run.reached, run.log.failure("stacksmash never reached the monitor")
    run.log.expect(r"wrote 24 bytes into an 8-byte buffer$",
                   r"\[00001000\] stack smashed: a buffer overran the frame of the function at 00800...$",
                   FREED,
                   absent=[r"went unnoticed", r"user fault"] + NO_CRASH)
    reported = int(re.search(r"the function at ([0-9a-f]{8})", run.log.text).group(1), 16)
    start, end = function_range(flexjos, "stacksmash", "overrun")
    assert start <= reported < end, \
        "reported %08x, but overrun() is at %08x-%08x" % (reported, start, end)


def canary_after_boot(boot, flexjos):
    machine = boot(gdb=True)
    assert machine.run_to_symbol("readline"), machine.log().failure("never reached the monitor")
    return machine.gdb.read_u32(flexjos.symbol("__stack_chk_guard"))


@pytest.mark.points(0)
def test_each_boot_picks_a_fresh_canary_with_a_zero_low_byte(boot, flexjos):
    # Every build seeds it (kern/sanitizer.cpp); only the sanitized one checks it.
    first = canary_after_boot(boot, flexjos)
    second = canary_after_boot(boot, flexjos)
    for canary in (first, second):
        assert canary & 0xff == 0, "canary %08x" % canary
    assert first != second, "two boots chose the same canary %08x" % first
