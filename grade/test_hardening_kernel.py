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


@pytest.mark.points(5)
@pytest.mark.parametrize("cpus", [1, 2])
def test_a_hostile_frame_pointer_never_reaches_a_kernel_stack_walk(run_kernel, cpus):
    run = run_kernel("hostileebp", cpus=cpus)
    assert run.reached, run.log.failure("hostileebp never reached the monitor")
    per_ebp = []
    for ebp in ("efff7000", "fffffffc"):
        per_ebp += [r"hostileebp: %s: [1-9][0-9]* timer interrupts while spinning$" % ebp,
                    r"hostileebp: %s: getenvid ok$" % ebp,
                    r"\[........\] user fault va 00000000 ip 008.....$",
                    r"hostileebp: %s: children done$" % ebp]
    run.log.expect(*per_ebp, r"hostileebp: the kernel is still up$", absent=[PANIC])
