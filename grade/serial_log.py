"""Matching expected and forbidden lines in a serial log, with failures that
show what was expected, what was missing or forbidden, why the wait ended, the
end of the log and the log file's path.

It also decides when waiting for a line is pointless (outcome_known): the
kernel panicked, QEMU exited, or the kernel sits at the monitor's prompt with
nothing left to run."""
import re

import pytest

TAIL_LINES = 40
PANIC_CONTEXT_LINES = 10

# Set by conftest.py before each test: where that test's serial log is saved,
# so that every failure message can end with it.
current_log_path = None

# Per-test data the harness keeps on the test item (pytest's stash): the
# serial output to save as the test's log, the boot times, the CPU time at start.
SERIAL = pytest.StashKey[str]()
BOOTS = pytest.StashKey[list]()
CPU_START = pytest.StashKey[tuple]()  # (children_cpu_seconds(), harness_cpu_seconds())


def save_serial(node, text):
    """Makes text the test's log (obj/grade/logs/<test>.log): what a test that
    runs QEMU or gdb itself, not through the fixtures, saw."""
    node.stash[SERIAL] = text

PANIC = re.compile(r"kernel panic at [^\n]*:\d+: [^\n]*(?=\n)")
PROMPT = "K> "
NOTHING_TO_RUN = "No runnable environments in the system!"

# Why a wait may end before its line appears, besides QEMU's exit (always);
# wait_for(give_up_on=...) picks.
PANICKED, AT_MONITOR = "panic", "monitor"
EARLY_STOPS = (PANICKED, AT_MONITOR)


class SerialLog:
    def __init__(self, text, stopped=None):
        self.text = text
        self.lines = text.splitlines()
        # Why the boot ended before what the test waited for (None if it did not).
        self.stopped = stopped

    def tail(self, n=TAIL_LINES):
        return "\n".join(self.lines[-n:])

    def first_panic(self):
        """The kernel's first panic line, or None."""
        m = PANIC.search(self.text + "\n")
        return m.group(0) if m else None

    def find_all(self, pattern):
        """The re.Match of every line that pattern matches at its start."""
        regex = re.compile(pattern)
        return [m for m in (regex.match(line) for line in self.lines) if m]

    def expect(self, *patterns, absent=(), in_order=True):
        """Each pattern must match the start of some line (in this order if in_order);
        no absent pattern may match any line. Raises AssertionError with a report."""
        report = []
        ok = True
        position = 0
        for pattern in patterns:
            regex = re.compile(pattern)
            found = None
            for i in range(position if in_order else 0, len(self.lines)):
                if regex.match(self.lines[i]):
                    found = i
                    break
            if found is None:
                ok = False
                report.append("MISSING  " + pattern)
            else:
                report.append("GOOD     " + pattern)
                if in_order:
                    position = found + 1
        for pattern in absent:
            regex = re.compile(pattern)
            bad = [line for line in self.lines if regex.match(line)]
            if bad:
                ok = False
                report.append("BAD      %s   (matched: %r)" % (pattern, bad[0]))
        if not ok:
            raise AssertionError(self.failure("\n".join(report), why_first=True))

    def expect_no_page_leak(self):
        """The monitor prints the free page count at boot and when it starts:
        after every program has exited, the two must be equal."""
        counts = [int(m.group(1)) for m in self.find_all(r"Free physical pages: (\d+)$")]
        if len(counts) < 2 or counts[-1] != counts[0]:
            raise AssertionError(self.failure("free pages at boot and at the end: %s (pages leaked)" % counts))

    def failure(self, message, why_first=False):
        """message, why the boot ended (a panic is named even if the wait did not
        stop for it; on a line of its own before message if why_first), the
        last lines, and where the whole log is."""
        why = self.stopped
        panic = self.first_panic()
        if panic and (why is None or not why.startswith("the kernel panicked")):
            why = "the kernel panicked: " + panic + ("; " + why if why else "")
        if why and why_first:
            text = "(%s)\n%s" % (why, message)
        else:
            text = message + (": " + why if why else "")
        if panic:
            # The panic is the story (the summary lists it once for all the tests
            # it hit): show what led to it, not the monitor's lines after it.
            upto = next(i for i, line in enumerate(self.lines) if panic in line) + 1
            shown = self.lines[max(0, upto - PANIC_CONTEXT_LINES):upto]
            text += "\n--- the serial log up to the panic ---\n" + "\n".join(shown)
        else:
            text += "\n--- last %d lines of the serial log ---\n%s" % (TAIL_LINES, self.tail())
        if current_log_path:
            text += "\nlog: " + current_log_path
        return text


def outcome_known(text, start, waiting_for, give_up_on=EARLY_STOPS, cpus=1, exited=False,
                  exit_status=None, typed_at=0, quiet_seconds=0.0):
    """Why waiting for waiting_for (a pattern) after offset start of the serial
    output text is pointless, or None.

    exited says QEMU has closed the serial output (exit_status: how it ended,
    None if unknown). The monitor counts only when the output ends with its
    prompt, printed after start and after the last key the test typed
    (typed_at), and nothing came for quiet_seconds since: on one CPU nothing
    runs while the monitor waits; on more, only if the scheduler said there was
    nothing left to run (other CPUs keep running programs while one CPU's
    monitor waits at a user breakpoint)."""
    if PANICKED in give_up_on:
        m = PANIC.search(text, start)
        if m:
            return "the kernel panicked: " + m.group(0)
    if exited:
        return "QEMU exited (status %s)" % exit_status
    if AT_MONITOR in give_up_on and text.endswith(PROMPT) and quiet_seconds >= 0.2:
        prompt = len(text) - len(PROMPT)
        if prompt >= max(start, typed_at):
            previous_prompt = text.rfind(PROMPT, 0, prompt)
            if cpus == 1 or text.find(NOTHING_TO_RUN, max(previous_prompt, 0), prompt) >= 0:
                return "the kernel reached the monitor without printing %r" % waiting_for
    return None
