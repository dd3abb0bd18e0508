"""Lab 2: physical page allocator, page tables, the kernel address space, memory monitor commands."""
import re
import struct

import pytest
from monitor_session import type_command

pytestmark = pytest.mark.lab(2)

KERNBASE = 0xF0000000
CHECKS_IN_ORDER = [
    r"check_page_free_list\(\) succeeded!$",
    r"check_page_alloc\(\) succeeded!$",
    r"check_page\(\) succeeded!$",
    r"check_kern_pgdir\(\) succeeded!$",
    r"check_page_free_list\(\) succeeded!$",
    r"check_page_installed_pgdir\(\) succeeded!$",
]


@pytest.fixture
def booted(run_kernel):
    run = run_kernel()
    assert run.reached, run.log.failure("the kernel never reached the monitor")
    return run


def expect_check(run, line):
    # Each check earns its points on its own, as in JOS: a later check's panic
    # does not take away an earlier one's.
    run.log.expect(line)


@pytest.mark.points(0)
def test_page_free_list(booted):
    expect_check(booted, r"check_page_free_list\(\) succeeded!$")


@pytest.mark.points(20)
def test_physical_page_allocator(booted):
    expect_check(booted, r"check_page_alloc\(\) succeeded!$")


@pytest.mark.points(20)
def test_page_management(booted):
    expect_check(booted, r"check_page\(\) succeeded!$")


@pytest.mark.points(20)
def test_kernel_page_directory(booted):
    expect_check(booted, r"check_kern_pgdir\(\) succeeded!$")


@pytest.mark.points(10)
def test_page_management_2(booted):
    expect_check(booted, r"check_page_installed_pgdir\(\) succeeded!$")


@pytest.mark.points(0)
@pytest.mark.parametrize("megabytes", [32, 256])
def test_memory_size_is_detected(run_kernel, megabytes):
    run = run_kernel(memory=megabytes)
    total = megabytes * 1024
    run.log.expect(r"Physical memory: %dK available, base = 640K, extended = %dK$" % (total, total - 640),
                   *CHECKS_IN_ORDER, absent=[r".*kernel panic", r"Physical memory: ignoring"])


@pytest.mark.points(0)
def test_memory_above_what_kernbase_maps_is_ignored(run_kernel):
    run = run_kernel(memory=512)
    run.log.expect(r"Physical memory: ignoring 262144K above the 262144K KERNBASE can map$",
                   r"Physical memory: 262144K available, base = 640K, extended = 261504K$",
                   *CHECKS_IN_ORDER, absent=[r".*kernel panic"])


@pytest.fixture
def monitor(boot):
    """A machine at the monitor prompt, with the value of `pages` read through the gdb stub."""
    m = boot(gdb=True)
    assert m.run_to_symbol("readline"), m.log().failure("never reached readline")
    m.pages_pa = m.gdb.read_u32(m.config.symbol("pages")) - KERNBASE
    m.gdb.remove_breakpoint(m.config.symbol("readline"))
    m.gdb.cont()
    assert m.wait_for(r"^K> ", timeout=10), m.log().failure("no monitor prompt")
    return m


def expect_line(machine, out, pattern, why):
    assert re.search(pattern, out, re.M), machine.log().failure("%s: no line matching %r" % (why, pattern))


@pytest.mark.points(0)
def test_showmappings_shows_pages_read_only_to_users(monitor):
    out = type_command(monitor, "showmappings 0xef000000 0xef001fff")
    expect_line(monitor, out, r"^ef000000-ef000fff -> %08x 4K P U$" % monitor.pages_pa, "UPAGES")
    expect_line(monitor, out, r"^ef001000-ef001fff -> %08x 4K P U$" % (monitor.pages_pa + 4096), "UPAGES")


@pytest.mark.points(0)
def test_showmappings_shows_kernel_stack_and_its_guard(monitor):
    stack_pa = monitor.config.symbol("percpu_kstacks") - KERNBASE
    out = type_command(monitor, "showmappings 0xefff7000 0xefff8fff")
    expect_line(monitor, out, r"^efff7000-efff7fff    not mapped$", "guard page below the kernel stack")
    expect_line(monitor, out, r"^efff8000-efff8fff -> %08x 4K P W( A)?( D)?$" % stack_pa, "kernel stack")


@pytest.mark.points(0)
def test_showmappings_shows_the_direct_map(monitor):
    out = type_command(monitor, "showmappings 0xf0000000")
    expect_line(monitor, out, r"^f0000000-f03fffff -> 00000000 4M P W( A)?( D)? PS$|"
                r"^f0000000-f0000fff -> 00000000 4K P W", "KERNBASE")


@pytest.mark.points(0)
def test_setperm_and_clearperm_change_a_mapping(monitor):
    pa = monitor.pages_pa
    out = type_command(monitor, "setperm 0xef000000 W")
    expect_line(monitor, out, r"^ef000000-ef000fff -> %08x 4K P W U$" % pa, "after setperm W")
    out = type_command(monitor, "clearperm 0xef000000 W U")
    expect_line(monitor, out, r"^ef000000-ef000fff -> %08x 4K P$" % pa, "after clearperm W U")
    out = type_command(monitor, "showmappings 0xef000000")
    expect_line(monitor, out, r"^ef000000-ef000fff -> %08x 4K P$" % pa, "showmappings after the change")


def kernel_text_start(config):
    """The first 16 bytes of the kernel's first loadable segment, from the ELF file."""
    with open(config.built("kern/kernel"), "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<I", data, 28)
    offset, = struct.unpack_from("<I", data, phoff + 4)
    return data[offset:offset + 16]


@pytest.mark.points(0)
def test_dumpmem_reads_virtual_and_physical_memory(monitor):
    expected = " ".join("%02x" % b for b in kernel_text_start(monitor.config))
    out = type_command(monitor, "dumpmem 0xf0100000 16")
    expect_line(monitor, out, r"^f0100000: %s$" % expected, "virtual dump of the kernel's first bytes")
    out = type_command(monitor, "dumpmem -p 0x100000 16")
    expect_line(monitor, out, r"^pa 00100000: %s$" % expected, "physical dump of the kernel's first bytes")


@pytest.mark.points(0)
def test_memory_commands_reject_bad_input(monitor):
    usage = {
        "showmappings": "Usage: showmappings",
        "showmappings nonsense": "Usage: showmappings",
        "showmappings 0x2000 0x1000": "Usage: showmappings",
        "setperm 0xef000000": "Usage: setperm",
        "setperm 0xef000000 P": "Usage: setperm",
        "clearperm zz W": "Usage: clearperm",
        "dumpmem": "Usage: dumpmem",
        "dumpmem -p": "Usage: dumpmem",
        "dumpmem 0x0 0x7fffffff": "Usage: dumpmem",
    }
    for command, answer in usage.items():
        out = type_command(monitor, command)
        expect_line(monitor, out, "^" + re.escape(answer), "answer to %r" % command)
    # Unmapped or nonexistent memory is reported, never touched.
    out = type_command(monitor, "dumpmem 0x0 16")
    expect_line(monitor, out, r"^00000000:( --){16}$", "dump of unmapped memory")
    out = type_command(monitor, "dumpmem -p 0xfffffff0 16")
    expect_line(monitor, out, r"^pa fffffff0:( --){16}$", "dump beyond physical memory")
    out = type_command(monitor, "setperm 0x0 W")
    expect_line(monitor, out, r"^00000000 is not mapped$", "setperm on an unmapped page")
    monitor.log().expect(absent=[r".*kernel panic", r".*TRAP"])
