"""Writes a pytest run's results in Gradescope's results.json format
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): one entry
per test with its name, score, max_score, status, output and visibility; the
total score; the execution time. make grade writes obj/grade/results.json;
the autograder (conf/autograder/) writes /autograder/results/results.json.

Runs on the xdist controller, from the reports the workers send: a test's
lab and points travel in report.user_properties (conftest.py), its outcome
and failure text in the report itself.
"""
import json
import os
import time


class GradescopeResults:
    def __init__(self, path):
        self.path = path
        self.start = time.monotonic()
        self.tests = {}  # nodeid -> entry, in the order tests report

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if "points" not in props:
            return
        entry = self.tests.setdefault(report.nodeid, {
            "name": "%s: %s" % (lab_title(props["lab"]), report.nodeid),
            "max_score": props["points"], "passed": True, "output": []})
        # Its points need setup, call and teardown all passed (as ScoreBoard).
        if report.failed or report.skipped:
            entry["passed"] = False
            entry["output"].append("%s %s:\n%s" % (report.when, report.outcome, report.longreprtext))
            entry["output"] += ["%s\n%s" % (title, text) for title, text in report.sections
                                if title == "serial log"]

    def pytest_sessionfinish(self, session):
        tests = [{
            "name": e["name"],
            "score": e["max_score"] if e["passed"] else 0,
            "max_score": e["max_score"],
            "status": "passed" if e["passed"] else "failed",
            "output": "\n".join(e["output"]),
            "visibility": "visible",
        } for e in self.tests.values()]
        results = {
            "score": sum(t["score"] for t in tests),
            "execution_time": round(time.monotonic() - self.start, 1),
            "visibility": "visible",
            "stdout_visibility": "visible",
            "tests": tests,
        }
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(results, f, indent=1)
        os.replace(tmp, self.path)


def lab_title(lab):
    return "Lab %s" % lab if str(lab).isdigit() else str(lab)


def register(config, default_path):
    """Adds the writer on the controller (not on xdist workers)."""
    if hasattr(config, "workerinput"):
        return
    path = os.environ.get("FLEXJOS_RESULTS_JSON") or default_path
    config.pluginmanager.register(GradescopeResults(path), "flexjos-gradescope")
