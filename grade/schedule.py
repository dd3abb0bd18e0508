"""xdist's load scheduling with the long tests dealt out first (grade/timing.py
orders them to the front of the collection)."""
from xdist.scheduler import LoadScheduling

from timing import long_tests


class LongestFirstScheduling(LoadScheduling):
    """xdist's load scheduling, except that the long tests at the front of the
    collection (longest_first) are dealt out one per worker in turn. xdist's
    own first batch gives each worker a run of consecutive tests, which would
    give every long test to the first worker."""

    def __init__(self, config, path, log=None):
        super().__init__(config, log)
        self.path = path

    def schedule(self):
        if self.collection is not None or not self._check_nodes_have_same_collection():
            return super().schedule()
        collection = list(self.node2collection.values())[0]
        dealt = len(long_tests(self.path, collection))
        nodes = self.nodes
        if dealt == 0 or len(collection) < 2 * len(nodes):
            return super().schedule()
        self.collection = collection
        self.pending[:] = range(dealt, len(collection))
        for i, node in enumerate(nodes):
            own = list(range(i, dealt, len(nodes)))
            self.node2pending[node].extend(own)
            node.send_runtest_some(own)
        # Then xdist's rule: each worker gets its share of the rest as work runs out.
        for node in nodes:
            self.check_schedule(node)


class XdistScheduler:
    """The plugin that makes LongestFirstScheduling xdist's scheduler for --dist load."""

    def __init__(self, path):
        self.path = path

    def pytest_xdist_make_scheduler(self, config, log):
        if config.getoption("dist") != "load":
            return None
        return LongestFirstScheduling(config, self.path, log)
