"""Hardening: the file server against hostile disk images, spawn against
malformed executables. Each image is a corrupted copy of obj/fs/fs.img that
fs/corrupt_image.py writes into the test's tmp_path (QEMU writes only that
copy); the executables are in obj/fs/badelf.img (fs/Makefrag). user/readfiles
reads files and prints their length and FNV-1a checksum, which the tests
compare with the files on the host."""
import functools
import os
import re
import shutil
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fs"))
import corrupt_image  # noqa: E402
from serial_log import save_serial  # noqa: E402

pytestmark = pytest.mark.lab("Hardening")

NO_PANIC = [r".*kernel panic", r".*user panic"]
# Each file on the image, and where its bytes are: in the source tree, or built.
# /benchdata64 is the file that needs its indirect block (64 KiB: 10 direct
# blocks, 6 through the indirect one). It used to be the 1 MiB /benchdata,
# which checks nothing more (its other 240 blocks go through the same
# indirect block), but reading it from the disk was about 0.6 s of QEMU's
# CPU time in each test: half of the test.
FILES = {"/motd": "fs/motd", "/lorem": "fs/lorem", "/script": "fs/script",
         "/benchdata64": "built:fs/benchdata64", "/benchdata": "built:fs/benchdata"}
# What readfiles reads in every test: the files but /benchdata, which the
# tests that corrupt it add.
READ = [path for path in FILES if path != "/benchdata"]
WRITTEN = bytes(i % 251 for i in range(64 * 1024))  # what readfiles writes to /written


@functools.lru_cache(maxsize=None)
def fnv(data):
    # Byte by byte in Python: computed once per file and worker, not per test.
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def read_host(flexjos, path):
    where = FILES[path]
    host = flexjos.built(where[6:]) if where.startswith("built:") else os.path.join(flexjos.root, where)
    with open(host, "rb") as f:
        return f.read()


def good_read(path, data):
    """The line readfiles prints for a file read whole, twice (before and after its write)."""
    return r"readfiles: %s: %d bytes, fnv %08x " % (re.escape(path), len(data), fnv(data))


def run_readfiles(boot, flexjos, tmp_path, case, args):
    image = str(tmp_path / "fs.img")
    corrupt_image.corrupt_image(flexjos.built("fs/fs.img"), image, case)
    m = boot(program="readfiles " + " ".join(args), fs_image=image)
    assert m.wait_for(r"^readfiles: done$|panic", timeout=30), m.log().failure("readfiles never finished")
    return m.log()


def expect_others_readable(log, flexjos, paths):
    """Each path reads whole both times, and /written reads back as written."""
    for path in paths:
        line = good_read(path, read_host(flexjos, path))
        log.expect(line, line)
    log.expect(good_read("/written", WRITTEN), r"readfiles: done$", absent=NO_PANIC)


# Pointers the server must not follow: the file reports an error at that
# block, the server says which, and the other files read as they should.
BAD_POINTERS = {
    "motd-block-out-of-range": ("/motd", 0, r"fs: motd: block 5000 is out of range"),
    "motd-block-superblock": ("/motd", 0, r"fs: motd: block 1 is out of range"),
    "motd-block-bitmap": ("/motd", 0, r"fs: motd: block 2 is out of range"),
    "benchdata-indirect-out-of-range": ("/benchdata", 40960, r"fs: benchdata: block 9999 is out of range"),
    "benchdata-indirect-entry-out-of-range": ("/benchdata", 40960, r"fs: benchdata: block 4294967295 is out of range"),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", sorted(BAD_POINTERS))
def test_bad_block_pointer_is_an_error_not_a_panic(boot, flexjos, tmp_path, case):
    path, good_bytes, server_says = BAD_POINTERS[case]
    log = run_readfiles(boot, flexjos, tmp_path, case, READ + ([path] if path not in READ else []))
    error = r"readfiles: %s: read after %d bytes: invalid parameter" % (path, good_bytes)
    log.expect(r"fs: check: /%s: .* out of range; using it will fail$" % path[1:], server_says, error,
               server_says, error)
    expect_others_readable(log, flexjos, [p for p in READ if p != path])


@pytest.mark.points(5)
@pytest.mark.parametrize("case", ["motd-size-2gib", "motd-size-negative"])
def test_file_size_beyond_the_maximum_is_refused_fast(boot, flexjos, tmp_path, case):
    log = run_readfiles(boot, flexjos, tmp_path, case, READ)
    log.expect(r"fs: motd: size -?\d+ is not 0\.\.4235264$",
               r"readfiles: /motd: open: invalid parameter \(\d+ ms\)$")
    took = [int(m.group(1)) for m in log.find_all(r"^readfiles: /motd: open: .* \((\d+) ms\)$")]
    # Before the check, reading 2 GiB of holes took minutes.
    assert took and max(took) < 2000, log.failure("refusing /motd took %s ms" % took)
    expect_others_readable(log, flexjos, [p for p in READ if p != "/motd"])


@pytest.mark.points(5)
@pytest.mark.parametrize("case,repaired", [
    ("bitmap-all-free", r"fs: repaired the bitmap: \d+ blocks in use were marked free$"),
    ("bitmap-used-free", r"fs: repaired the bitmap: 3 blocks in use were marked free$"),
])
def test_bitmap_marking_used_blocks_free_is_repaired(boot, flexjos, tmp_path, case, repaired):
    # readfiles writes 64 KiB between its two reads: with the bitmap unrepaired,
    # those blocks would be taken from the files it reads.
    log = run_readfiles(boot, flexjos, tmp_path, case, READ)
    log.expect(r"bitmap is good$", repaired)
    expect_others_readable(log, flexjos, READ)


@pytest.mark.points(5)
def test_cross_linked_block_is_dropped_from_the_second_file(boot, flexjos, tmp_path):
    log = run_readfiles(boot, flexjos, tmp_path, "lorem-cross-linked", READ)
    log.expect(r"fs: check: /lorem: block 0 is block \d+, which another file uses; dropped$")
    lorem = read_host(flexjos, "/lorem")
    # lorem's first block is now a hole: zeros.
    line = good_read("/lorem", bytes(min(len(lorem), 4096)) + lorem[4096:])
    log.expect(line, line)
    expect_others_readable(log, flexjos, [p for p in READ if p != "/lorem"])


@pytest.mark.points(5)
@pytest.mark.parametrize("case", ["dot-entry", "unterminated-name"])
def test_bad_directory_entry_is_reported(boot, flexjos, tmp_path, case):
    log = run_readfiles(boot, flexjos, tmp_path, case, READ)
    log.expect(r"fs: check: /: entry \d+ has a bad name .*; it cannot be opened$")
    expect_others_readable(log, flexjos, READ)


@pytest.mark.points(5)
def test_paths_with_dot_names_or_a_slash_after_a_file_are_refused(boot, flexjos, tmp_path):
    # bitmap-all-free: any image will do; this one also shows repair leaves creation working.
    log = run_readfiles(boot, flexjos, tmp_path, "bitmap-all-free",
                        ["/motd/", "+.", "+..", "+/newdir/", "+/made"])
    log.expect(r"readfiles: /motd/: open: file or block not found",
               r"readfiles: create \.: invalid path$",
               r"readfiles: create \.\.: invalid path$",
               r"readfiles: create /newdir/: file or block not found$",
               r"readfiles: create /made: ok$", absent=NO_PANIC)


@pytest.mark.points(5)
@pytest.mark.parametrize("case,why", [
    ("bad-magic", r"magic number 00000000, want 4a0530ae"),
    ("nblocks-huge", r"262144 blocks, but the disk holds only \d+"),
    ("root-not-a-directory", r"the root directory has type 0, want 1"),
])
def test_bad_superblock_is_refused_and_clients_get_errors(boot, flexjos, tmp_path, case, why):
    log = run_readfiles(boot, flexjos, tmp_path, case, ["/motd"])
    log.expect(r"fs: bad superblock: " + why + "$", r"fs: refusing to serve this disk$",
               r"readfiles: /motd: open: (bad environment|operation not supported)",
               r"readfiles: done$", absent=NO_PANIC + [r"superblock is good"])


# Why spawn refuses each malformed executable of fs/corrupt_image.py.
ELF_REASONS = {
    "bad-elf-empty": "shorter than an ELF header",
    "bad-elf-short-header": "shorter than an ELF header",
    "bad-elf-magic": r"not an ELF file \(bad magic number\)",
    "bad-elf-phoff-wrap": "the program headers are not within the file's first 512 bytes",
    "bad-elf-phoff-past-header": "the program headers are not within the file's first 512 bytes",
    "bad-elf-phnum-huge": "the program headers are not within the file's first 512 bytes",
    "bad-elf-phentsize": "program headers are not 32 bytes each",
    "bad-elf-no-load": "no loadable segment",
    "bad-elf-entry-outside": "the entry point is in no loadable segment",
    "bad-elf-filesz-gt-memsz": "a segment has more bytes in the file than in memory",
    "bad-elf-memsz-wrap": "a segment wraps around the end of the address space",
    "bad-elf-va-kernel": r"a segment reaches above the program area",
    "bad-elf-va-low": "a segment starts below UTEXT",
    "bad-elf-va-stack": "a segment covers the child's stack",
    "bad-elf-va-xstack": "a segment covers the child's exception stack",
    "bad-elf-va-fdtable": r"a segment reaches above the program area",
    "bad-elf-memsz-over-stack": "a segment covers the child's stack",
    "bad-elf-offset-past-end": "a segment's bytes run past the end of the file",
    "bad-elf-filesz-past-end": "a segment's bytes run past the end of the file",
    "bad-elf-offset-wrap": "a segment's bytes run past the end of the file",
    "bad-elf-offset-below-skew": "a segment's file offset is smaller than its offset in its page",
    "bad-elf-truncated": "a segment's bytes run past the end of the file",
}


@pytest.fixture(scope="module")
def spawnbadelf_log(flexjos, tmp_path_factory):
    """One boot spawns every malformed executable (a module fixture: it is the slow part)."""
    from machine import Machine
    image = str(tmp_path_factory.mktemp("badelf") / "fs.img")
    shutil.copy(flexjos.built("fs/badelf.img"), image)
    m = Machine(flexjos, program="spawnbadelf", fs_image=image).start()
    try:
        m.wait_for(r"^spawnbadelf: done$|panic", timeout=60)
    finally:
        m.stop()
    return m.log()


def test_every_malformed_executable_has_a_reason():
    assert sorted(ELF_REASONS) == sorted(corrupt_image.ELF_CASES)


@pytest.mark.points(5)
def test_spawn_refuses_every_malformed_executable(spawnbadelf_log, request):
    log = spawnbadelf_log
    save_serial(request.node, log.text)
    for name, why in sorted(ELF_REASONS.items()):
        log.expect(r"spawn: %s: %s" % (name, why),
                   r"spawnbadelf: %s refused: file is not a valid executable$" % name,
                   absent=[r"spawnbadelf: .* ACCEPTED"] + NO_PANIC)


@pytest.mark.points(5)
def test_spawn_and_files_still_work_after_the_refusals(spawnbadelf_log, request):
    log = spawnbadelf_log
    save_serial(request.node, log.text)
    log.expect(r"hello, world$", r"spawnbadelf: /motd starts \"This is /motd, the m\"$",
               r"spawnbadelf: done$", absent=NO_PANIC)
