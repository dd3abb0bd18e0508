"""make bench in its quick mode, run for real: every benchmark boot must
produce its figures, the JSON and the plot. Nothing here asserts a time or a
ratio (those are reported by make bench, not graded); only that the
benchmarks run and measure what they claim to."""
import json
import os
import shutil
import tempfile

import pytest

import bench

pytestmark = pytest.mark.lab("FlexSC")


def run_quick_bench(config, out, boot_args, plot):
    """Runs make bench's quick mode, into out, for the boots whose boot argument
    (without " quick") is in boot_args, drawing the plot if asked. Returns the
    results and the report."""
    boots = [b for b in bench.boot_plan(quick=True) if b.bootarg.replace(" quick", "") in boot_args]
    found = {b.bootarg.replace(" quick", "") for b in boots}
    assert found == set(boot_args), "make bench has no boot %s" % sorted(set(boot_args) - found)
    lines = []
    results = bench.run_bench(out, quick=True, config=config, plot=plot, echo=lines.append,
                              boots=boots)
    return results, "\n".join(lines)


def check_cases_and_json(results, report, out, expected):
    missing = [c for c in expected if c not in results["cases"]]
    assert not missing, "cases without figures: %s\n%s" % (missing, report)
    with open(os.path.join(out, "results.json")) as f:
        assert json.load(f)["cases"].keys() == results["cases"].keys()


# The quick bench runs as two tests, which make grade runs side by side: the
# system call boots with the plot, and the file workload boots (in one test
# they took 4-5 s of wall time, over the suite's 5 s per test). The server
# workloads have tests of their own (test_bench_servers.py).


@pytest.mark.points(3)
def test_quick_bench_writes_table_json_and_plot(flexjos):
    out = tempfile.mkdtemp(prefix="flexjos-bench-")
    try:
        results, report = run_quick_bench(flexjos, out, ("bench null", "bench ipc"), plot=True)
        expected = ["null/int", "null/sysenter", "null/flexsc-1", "null/flexsc-8", "null/flexsc-32",
                    "null/flexsc-64", "null/poll-64", "ipc/trap", "ipc/flexsc-threads"]
        check_cases_and_json(results, report, out, expected)
        assert os.path.getsize(os.path.join(out, "syscall-cost.png")) > 1000
        # Kernel entries are counted, not timed, so they are exact: a batch of 64
        # is one entry, the polling thread none, a trap one per call.
        entries = {c: results["cases"][c]["entries_per_call"] for c in expected}
        assert entries["null/int"] == 1 and entries["null/sysenter"] == 1, report
        assert entries["null/flexsc-64"] == 1 / 64, report
        assert entries["null/poll-64"] == 0, report
        assert "targets" in results and len(results["targets"]) == 5, report
    finally:
        shutil.rmtree(out, ignore_errors=True)


@pytest.mark.points(2)
def test_quick_bench_file_workloads_have_figures(flexjos):
    out = tempfile.mkdtemp(prefix="flexjos-bench-")
    try:
        # (No plot: it shows the system call boots; drawing it costs a second.)
        results, report = run_quick_bench(flexjos, out, ("benchfile", "+flexsc benchfile"),
                                          plot=False)
        check_cases_and_json(results, report, out, ["file/read1m/normal", "file/primespipe/normal",
                                                    "file/read1m/flexsc", "file/primespipe/flexsc"])
    finally:
        shutil.rmtree(out, ignore_errors=True)


@pytest.mark.points(0)
def test_bench_file_workload_survives_testfile_on_the_same_disk(boot, flexjos, tmp_path):
    # JOS's testfile rewrites /big on a disk that is not in snapshot mode (make
    # run-testfile); the benchmark's file has a name no lab program writes.
    image = str(tmp_path / "fs.img")
    shutil.copy(flexjos.built("fs/fs.img"), image)
    first = boot(program="testfile", fs_image=image)
    assert first.wait_for(r"large file is good$", timeout=60), first.log().failure("testfile never finished")
    first.stop()
    second = boot(program="benchfile quick", fs_image=image)
    assert second.wait_for(r"BENCH done$", timeout=60), second.log().failure("benchfile never finished")
    second.log().expect(r"BENCH done$", absent=[r".*panic"])
