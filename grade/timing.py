"""The last run's time per test, and the order it suggests: longest first.

make grade writes obj/grade/timing.tsv at the end of every run (each test's
QEMU and tool CPU, wall time, the harness's own CPU, boots; most CPU first).
The next run starts the tests that took LONG_TEST_SECONDS or more first (and
grade/schedule.py deals them out one per worker), so that no worker is left
with a long test while the others have finished. Without the file, as in a
fresh clone, the collection order stays. The order changes no outcome: every
test boots its own kernel.
"""
import os

LONG_TEST_SECONDS = 2.0
# A test that took at least WAITING_TEST_SECONDS of wall time with under
# WAITING_CPU_SHARE of it as QEMU's and the tools' CPU mostly waited.
WAITING_TEST_SECONDS = 0.8
WAITING_CPU_SHARE = 0.5
HEADER = "cpu_s\twall_s\tharness_cpu_s\tboots\ttest\n"


def read_timing(path):
    """{nodeid: (cpu, wall, harness_cpu, boots)} from a timing file; {} if there is none."""
    times = {}
    try:
        with open(path) as f:
            for line in f.readlines()[1:]:
                fields = line.rstrip("\n").split("\t")
                if len(fields) == 5:
                    times[fields[4]] = (float(fields[0]), float(fields[1]), float(fields[2]),
                                        int(fields[3]))
    except (OSError, ValueError):
        return {}
    return times


def test_file(nodeid):
    return nodeid.split("::", 1)[0]


def save_timing(path, results):
    """Writes this run's times, keeping the file's times of the test files this
    run did not touch (make grade LAB=3 keeps the other labs' times; a test
    renamed or removed goes once its file runs again). Written under a
    temporary name and renamed: a run that starts meanwhile reads either file
    whole."""
    ran = {test_file(nodeid) for nodeid in results}
    times = {nodeid: t for nodeid, t in read_timing(path).items() if test_file(nodeid) not in ran}
    for nodeid, entry in results.items():
        times[nodeid] = (entry["cpu"], entry["seconds"], entry["harness_cpu"], len(entry["boots"]))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = "%s.%d" % (path, os.getpid())
    with open(temporary, "w") as f:
        f.write(HEADER)
        for nodeid, (cpu, wall, harness, boots) in sorted(times.items(), key=lambda kv: -kv[1][0]):
            f.write("%.2f\t%.2f\t%.2f\t%d\t%s\n" % (cpu, wall, harness, boots, nodeid))
    os.replace(temporary, path)


def long_tests(path, nodeids):
    """The nodeids that took LONG_TEST_SECONDS or more last time, longest first."""
    times = read_timing(path)
    walls = {n: times[n][1] for n in nodeids if n in times and times[n][1] >= LONG_TEST_SECONDS}
    return sorted(walls, key=lambda n: (-walls[n], n))


def mostly_waits(times):
    """Whether a test with these last times mostly waited (for the network, a
    timer, a tool) rather than kept QEMU busy."""
    cpu, wall = times[0], times[1]
    return wall >= WAITING_TEST_SECONDS and cpu < wall * WAITING_CPU_SHARE


def spread(items, among):
    """items placed evenly among the others: a worker takes its tests in runs
    of consecutive ones, and a run of tests that all wait (lab 6's, near the
    end of the collection) left the cores half idle for seconds."""
    out, step = [], (len(among) + 1) / (len(items) + 1)
    for i, item in enumerate(items):
        out.extend(among[round(i * step):round((i + 1) * step)])
        out.append(item)
    out.extend(among[round(len(items) * step):])
    return out


def longest_first(path, items):
    """items reordered: the long tests first, longest first; then the others
    as collected, with those that mostly waited spread evenly among them."""
    first = long_tests(path, [item.nodeid for item in items])
    rank = {nodeid: i for i, nodeid in enumerate(first)}
    times = read_timing(path)
    rest = [item for item in items if item.nodeid not in rank]
    waiting = [item for item in rest if item.nodeid in times and mostly_waits(times[item.nodeid])]
    busy = [item for item in rest if item not in waiting]
    return sorted((item for item in items if item.nodeid in rank),
                  key=lambda item: rank[item.nodeid]) + spread(waiting, busy)
