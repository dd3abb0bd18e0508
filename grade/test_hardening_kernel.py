"""Hardening: hostile user programs against the kernel itself. Each test is a
regression test for a way an unprivileged program once took the machine down
(doc/security.md); it passes only if the kernel stays up and says why it
refused."""
import pytest

pytestmark = pytest.mark.lab("Hardening")

PANIC = r"kernel panic"


@pytest.mark.points(5)
def test_writes_into_the_page_table_view_are_refused_on_every_path(run_kernel):
    run = run_kernel("uvptwrite")
    assert run.reached, run.log.failure("uvptwrite never reached the monitor")
    run.log.expect(r"uvptwrite: target ef4.....$",
                   r"\[00001001\] user_mem_check assertion failure for va ef4.....$",
                   r"\[00002001\] user_mem_check assertion failure for va ef4.....$",
                   r"uvptwrite: flexsc: segmentation fault$",
                   r"uvptwrite: the kernel is still up$",
                   absent=[PANIC, r"uvptwrite: .*instead of destroying me"])
