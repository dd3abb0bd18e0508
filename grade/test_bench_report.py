"""Host-only tests of make bench's parsing, statistics, targets and output
(bench_report.py) and of bench.py's collection loop, fed canned guest output
through a fake machine. None of these boots QEMU."""
import json
import os
import sys

import pytest

import bench
import bench_report as report

pytestmark = [pytest.mark.lab("FlexSC"), pytest.mark.points(0)]


def sample_line(case, calls, cycles, entries):
    return "BENCH %s calls=%d cycles=%d entries=%d" % (case, calls, cycles, entries)


# Per-call cycles and entries for a run where every target is met.
GOOD_NULL = {"null/int": (1000, 1), "null/sysenter": (500, 1), "null/flexsc-1": (1500, 1),
             "null/flexsc-8": (400, 0.125), "null/flexsc-32": (260, 0.03125),
             "null/flexsc-64": (150, 0.015625), "null/poll-64": (450, 0)}


def guest_output(per_call, calls=64, reps=3, done=True, noise=True):
    """What a bench program prints: every case reps times, spread +-1%, then BENCH done."""
    lines = ["Booting FlexJOS", "[00001000] new env 00001001"] if noise else []
    for rep in range(reps):
        for case, (cycles, entries) in per_call.items():
            spread = 1 + (rep - reps // 2) / 100
            lines.append(sample_line(case, calls, round(cycles * calls * spread),
                                     round(entries * calls)))
    if done:
        lines.append("BENCH done")
    return "\r\n".join(lines) + "\r\n"


def test_parse_keeps_every_repetition_and_ignores_other_lines():
    log = report.parse_boot_log(guest_output(GOOD_NULL, reps=3))
    assert log.done and log.errors == []
    assert list(log.samples) == list(GOOD_NULL)
    assert log.samples["null/int"] == [{"calls": 64, "cycles": 63360, "entries": 64},
                                       {"calls": 64, "cycles": 64000, "entries": 64},
                                       {"calls": 64, "cycles": 64640, "entries": 64}]


def test_parse_finds_lines_behind_a_prefix_from_another_cpu():
    text = "[cpu1] BENCH ipc/trap calls=10 cycles=500 entries=20\nBENCH done\n"
    log = report.parse_boot_log(text)
    assert log.samples == {"ipc/trap": [{"calls": 10, "cycles": 500, "entries": 20}]}


def test_parse_reports_guest_errors_panics_and_empty_repetitions():
    text = "\n".join([sample_line("null/int", 0, 0, 0),
                      "BENCH error flexsc-64: wait returned -3",
                      "kernel panic on CPU 1 at kern/flexsc.cpp:88: busy entry lost"])
    log = report.parse_boot_log(text)
    assert not log.done and log.samples == {}
    assert len(log.errors) == 3
    assert "calls=0" in log.errors[0]
    assert "BENCH error flexsc-64: wait returned -3" in log.errors[1]
    assert "busy entry lost" in log.errors[2]


def test_a_boot_without_done_or_with_a_missing_case_has_problems():
    partial = dict(GOOD_NULL)
    del partial["null/poll-64"]
    log = report.parse_boot_log(guest_output(partial, done=False))
    problems = report.boot_problems(log, list(GOOD_NULL))
    assert any("BENCH done" in p for p in problems)
    assert any("null/poll-64" in p for p in problems)
    assert report.boot_problems(report.parse_boot_log(guest_output(GOOD_NULL)), GOOD_NULL) == []


def test_summary_is_the_median_of_per_call_figures():
    samples = [{"calls": 10, "cycles": c, "entries": e}
               for c, e in ((1000, 10), (5000, 30), (1200, 10), (1100, 20))]
    s = report.summarize_case(samples)
    assert s["reps"] == 4
    assert s["cycles_per_call"] == {"median": 115.0, "min": 100.0, "max": 500.0}
    assert s["entries_per_call"] == 1.5
    assert s["samples"] == samples


def test_merge_pools_repetitions_of_several_boots():
    pooled = {}
    report.merge_samples(pooled, {"a": [1, 2]})
    report.merge_samples(pooled, {"a": [3], "b": [4]})
    assert pooled == {"a": [1, 2, 3], "b": [4]}


def targets_for(per_call, icount=False):
    return report.evaluate_targets(report.summarize(report.parse_boot_log(
        guest_output(per_call)).samples), icount=icount)


def test_every_target_met_by_a_good_run():
    targets = targets_for(GOOD_NULL)
    assert set(targets) == {t.name for t in report.TARGETS if not t.icount_only}
    assert all(t["met"] for t in targets.values()), targets
    assert targets["sysenter_vs_int"]["value"] == pytest.approx(0.5)
    assert targets["flexsc64_entries"]["value"] == 1 / 64
    assert targets["poll64_entries"] == {"value": 0, "limit": 0, "met": True, "comparison": "==",
                                         "description": targets["poll64_entries"]["description"]}


def test_the_instruction_count_target_is_checked_in_the_icount_set_only():
    assert "flexsc64_instructions" not in targets_for(GOOD_NULL)
    met = targets_for(dict(GOOD_NULL, **{"null/flexsc-64": (150, 1 / 64)}), icount=True)
    missed = targets_for(dict(GOOD_NULL, **{"null/flexsc-64": (151, 1 / 64)}), icount=True)
    assert met["flexsc64_instructions"]["met"] and met["flexsc64_instructions"]["value"] == 150
    assert not missed["flexsc64_instructions"]["met"]


def test_targets_missed_by_a_slow_run():
    slow = dict(GOOD_NULL, **{"null/sysenter": (800, 1), "null/flexsc-64": (300, 0.0625),
                              "null/poll-64": (900, 0.015625)})
    targets = targets_for(slow)
    missed = {name for name, t in targets.items() if not t["met"]}
    assert missed == {"sysenter_vs_int", "flexsc64_vs_int", "flexsc64_entries", "poll64_entries",
                      "poll64_vs_sysenter"}
    assert targets["sysenter_vs_int"]["value"] == pytest.approx(0.8)


def test_a_target_on_a_missing_case_is_missed_not_a_crash():
    targets = report.evaluate_targets({})
    assert all(t["value"] is None and not t["met"] for t in targets.values())


def test_an_exact_limit_is_met():
    # 2 entries for 64 calls is exactly 1/32.
    targets = targets_for(dict(GOOD_NULL, **{"null/flexsc-64": (200, 1 / 32)}))
    assert targets["flexsc64_entries"]["met"]


def good_results():
    samples = report.parse_boot_log(guest_output(GOOD_NULL)).samples
    report.merge_samples(samples, report.parse_boot_log(
        "BENCH file/read1m/normal calls=1 cycles=9000000 entries=300\nBENCH done\n").samples)
    boots = [{"bootarg": "bench null", "cpus": 2, "icount": False, "seconds": 3.2}]
    return report.build_results("quick", "QEMU emulator version 7.2.0", boots, samples,
                                report.parse_boot_log(guest_output(GOOD_NULL, reps=1)).samples)


def test_results_document_has_the_documented_shape(tmp_path):
    results = good_results()
    path = tmp_path / "results.json"
    report.write_json(results, str(path))
    loaded = json.loads(path.read_text())
    assert loaded["version"] == 1 and loaded["mode"] == "quick"
    assert loaded["qemu"].startswith("QEMU emulator")
    assert loaded["boots"][0] == {"bootarg": "bench null", "cpus": 2, "icount": False,
                                  "seconds": 3.2}
    case = loaded["cases"]["null/flexsc-64"]
    assert set(case) == {"reps", "cycles_per_call", "entries_per_call", "samples"}
    assert set(case["cycles_per_call"]) == {"median", "min", "max"}
    assert loaded["icount_cases"]["null/int"]["reps"] == 1
    assert loaded["targets"]["sysenter_vs_int"]["met"] is True
    assert set(loaded["targets"]["flexsc64_vs_int"]) >= {"value", "limit", "met"}


def test_table_lists_each_case_with_its_figures():
    text = report.format_report(good_results())
    row = next(line for line in text.splitlines() if line.startswith("null/flexsc-64"))
    assert row.split() == ["null/flexsc-64", "3", "150.0", "148.5", "151.5", "0.015625"]
    assert "file/read1m/normal" in text and "instr/call" in text
    icount_only = sum(t.icount_only for t in report.TARGETS)
    assert "MISSED" not in text and text.count("MET") == 2 * len(report.TARGETS) - icount_only


def test_plot_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "syscall-cost.png"
    report.plot_syscall_cost(good_results(), str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_figures_still_draws(tmp_path):
    pytest.importorskip("matplotlib")
    results = report.build_results("full", "unknown", [], {}, {})
    report.plot_syscall_cost(results, str(tmp_path / "empty.png"))
    assert (tmp_path / "empty.png").exists()


def test_plot_without_matplotlib_names_make_deps(monkeypatch, tmp_path):
    # A None entry in sys.modules makes the import fail, as if the package were absent.
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(report.PlotUnavailable, match="make deps"):
        report.plot_syscall_cost(good_results(), str(tmp_path / "x.png"))


def test_log_names():
    assert report.log_file_name("bench null") == "bench_null.log"
    assert report.log_file_name("bench null quick", icount=True) == "bench_null_quick_icount.log"
    assert report.log_file_name("+flexsc benchfile", run=2) == "flexsc_benchfile_run2.log"


def test_quick_plan_appends_quick_to_every_boot_argument():
    plan = bench.boot_plan(quick=True)
    assert [b.bootarg for b in plan] == ["bench null quick", "bench null quick", "bench ipc quick",
                                         "benchfile quick", "+flexsc benchfile quick",
                                         "benchserv fs quick", "+flexsc=always benchserv fs quick",
                                         "benchserv fs threads quick", "benchserv fs poll quick",
                                         "benchhttp quick", "+flexsc=always benchhttp quick"]
    assert [(b.cpus, b.icount) for b in plan] == [(2, False), (2, True), (1, False), (1, False),
                                                  (1, False)] + [(2, False)] * 6
    assert [b.http for b in plan] == [False] * 9 + [True] * 2
    assert plan[10].cases[-1] == "http64k/flexsc/n16"
    assert plan[4].cases == ("file/read1m/flexsc", "file/primespipe/flexsc")
    assert plan[8].cases == ("fs/poll/n1", "fs/poll/n4", "fs/poll/n16")


# --- bench.py's collection loop, with a fake machine instead of QEMU ---

class FakeMachine:
    """Prints the canned output at once; exited says whether QEMU 'ended' by itself."""

    def __init__(self, text, exited=False):
        self.output, self.exited = text, exited

    def wait_for(self, pattern, timeout):
        import re
        return re.search(pattern, self.output, re.M)

    def stop(self):
        pass

    def text(self):
        return self.output


def canned_guest(boot, broken=None):
    if boot.bootarg.startswith("bench null"):
        text = guest_output(GOOD_NULL)
    else:
        text = "".join(sample_line(case, 1, 1000, 10) + "\n" for case in boot.cases) + \
               "BENCH done\n"
    if broken and boot.bootarg.startswith(broken):
        return FakeMachine(sample_line("ipc/trap", 5, 50, 10) + "\nBENCH error ipc: no child\n",
                           exited=True)
    return FakeMachine(text)


def fake_config():
    return bench.HostConfig(qemu=sys.executable, qemuopts="")


def guest_boots(quick):
    """The plan without the httpd boots, which the host drives over the network."""
    return [b for b in bench.boot_plan(quick) if not b.http]


def test_run_bench_collects_every_boot(tmp_path):
    results = bench.run_bench(str(tmp_path), quick=True, config=fake_config(), plot=False,
                              echo=lambda line: None, boots=guest_boots(True),
                              start_machine=lambda config, boot: canned_guest(boot))
    assert results["mode"] == "quick" and results["errors"] == []
    assert [b["icount"] for b in results["boots"]] == [False, True] + [False] * 7
    servers = {"fs/%s/n%d" % (m, n) for m in ("trap", "flexsc", "threads", "poll")
               for n in (1, 4, 16)}
    assert set(results["cases"]) == set(GOOD_NULL) | {
        "ipc/trap", "ipc/flexsc-threads", "file/read1m/normal", "file/primespipe/normal",
        "file/read1m/flexsc", "file/primespipe/flexsc"} | servers
    assert set(results["icount_cases"]) == set(GOOD_NULL)
    assert all(t["met"] for t in results["targets"].values())
    assert sorted(os.listdir(tmp_path)) == [
        "bench_ipc_quick.log", "bench_null_quick.log", "bench_null_quick_icount.log",
        "benchfile_quick.log", "benchserv_fs_poll_quick.log", "benchserv_fs_quick.log",
        "benchserv_fs_threads_quick.log", "flexsc_always_benchserv_fs_quick.log",
        "flexsc_benchfile_quick.log", "results.json"]


def test_run_bench_pools_reps_and_names_logs_per_run(tmp_path):
    results = bench.run_bench(str(tmp_path), reps=2, config=fake_config(), plot=False,
                              echo=lambda line: None, boots=guest_boots(False),
                              start_machine=lambda config, boot: canned_guest(boot))
    assert results["mode"] == "full" and len(results["boots"]) == 18
    assert results["cases"]["null/int"]["reps"] == 6
    assert "bench_null_icount_run2.log" in os.listdir(tmp_path)


def test_run_bench_raises_with_the_log_tail_but_keeps_the_results(tmp_path):
    with pytest.raises(bench.BenchError) as failure:
        bench.run_bench(str(tmp_path), quick=True, config=fake_config(), plot=False,
                        echo=lambda line: None, boots=guest_boots(True),
                        start_machine=lambda config, boot: canned_guest(boot, broken="bench ipc"))
    message = str(failure.value)
    assert "bench ipc quick (1 CPU) failed" in message
    assert "QEMU exited before `BENCH done`" in message
    assert "ipc/flexsc-threads" in message  # the missing case
    assert message.rstrip().endswith("BENCH error ipc: no child")  # the tail of the log
    saved = json.loads((tmp_path / "results.json").read_text())
    assert len(saved["errors"]) == 1 and "null/int" in saved["cases"]


def test_a_hung_guest_is_reported_as_a_timeout(tmp_path):
    hung = FakeMachine("BENCH null/int calls=1 cycles=10 entries=1\n")
    with pytest.raises(bench.BenchError, match=r"timed out after 40 s"):
        bench.run_bench(str(tmp_path), quick=True, config=fake_config(), plot=False,
                        echo=lambda line: None, start_machine=lambda config, boot: hung)


# --- the server workloads (benchserv): extra counters, throughput, the N=16 target ---

def server_line(case, cycles, requests=34, extra="bytes=131072 ipcs=70 envsw=72 threadsw=0 polled=0"):
    return "BENCH %s calls=%d cycles=%d entries=%d %s" % (case, requests, cycles, 2 * requests,
                                                          extra)


def test_server_lines_keep_their_counters_and_give_throughput_and_per_request_figures():
    log = report.parse_boot_log(server_line("fs/trap/n1", 2 * 10 ** 6) + "\nBENCH done\n")
    assert log.samples["fs/trap/n1"] == [{"calls": 34, "cycles": 2000000, "entries": 68,
                                          "bytes": 131072, "ipcs": 70, "envsw": 72,
                                          "threadsw": 0, "polled": 0}]
    s = report.summarize_case(log.samples["fs/trap/n1"])
    assert s["throughput"] == 64.0  # 128 KiB in 2 million cycles
    assert s["per_call"] == {"ipcs": 70 / 34, "envsw": 72 / 34, "threadsw": 0, "polled": 0}
    assert "per_call" not in report.summarize_case([{"calls": 1, "cycles": 5, "entries": 1}])


def server_results(cycles_by_mode):
    text = "\n".join(server_line("fs/%s/n%d" % (mode, n), cycles)
                     for mode, cycles in cycles_by_mode.items() for n in (1, 4, 16))
    return report.build_results("full", "QEMU", [], report.parse_boot_log(text).samples, {})


def test_the_server_target_takes_the_best_flexsc_mode_at_n16_against_trap():
    results = server_results({"trap": 4 * 10 ** 6, "flexsc": 5 * 10 ** 6, "threads": 3 * 10 ** 6,
                              "poll": 2 * 10 ** 6})
    target = results["server_targets"]["fs_n16"]
    assert target["best_mode"] == "poll" and target["value"] == 2.0 and target["met"]
    missed = server_results({"trap": 4 * 10 ** 6, "flexsc": 5 * 10 ** 6})
    assert missed["server_targets"]["fs_n16"]["value"] == 0.8
    assert not missed["server_targets"]["fs_n16"]["met"]
    text = report.format_report(missed)
    assert "fs/flexsc/n16" in text and "MISSED  fs, N=16: best FlexSC mode (flexsc) / trap" in text
    # Without server cases, no server section (the null/ipc/file report is unchanged).
    assert report.build_results("full", "QEMU", [], {}, {})["server_targets"] == {}


def test_server_plot_draws_one_line_per_mode(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "servers.png")
    report.plot_server_throughput(server_results({"trap": 4 * 10 ** 6, "poll": 2 * 10 ** 6}), path)
    assert os.path.getsize(path) > 1000
