"""Matching expected and forbidden lines in a serial log, with failures that
show what was expected, what was missing or forbidden, and the end of the log."""
import re

TAIL_LINES = 40


class SerialLog:
    def __init__(self, text):
        self.text = text
        self.lines = text.splitlines()

    def tail(self, n=TAIL_LINES):
        return "\n".join(self.lines[-n:])

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
            raise AssertionError(self.failure("\n".join(report)))

    def expect_no_page_leak(self):
        """The monitor prints the free page count at boot and when it starts:
        after every program has exited, the two must be equal."""
        counts = [int(m.group(1)) for m in self.find_all(r"Free physical pages: (\d+)$")]
        if len(counts) < 2 or counts[-1] != counts[0]:
            raise AssertionError(self.failure("free pages at boot and at the end: %s (pages leaked)" % counts))

    def failure(self, message):
        return "%s\n--- last %d lines of the serial log ---\n%s" % (message, TAIL_LINES, self.tail())
