#!/usr/bin/env python3
"""Hostile inputs for the file server and spawn, made on the host.

    corrupt_image.py image IN OUT CASE   write a copy of the image IN with one corruption
    corrupt_image.py elves PROGRAM DIR   write malformed copies of the ELF file PROGRAM into DIR
    corrupt_image.py list                name every case

IN is an image made by fsformat (inc/fs.h's format: 4 KiB blocks, block 1 the
superblock, block 2.. the bitmap with 1 = free, 256-byte File entries).
grade/test_hardening_fs.py imports this module and boots each case;
fs/Makefrag puts the malformed ELF files into obj/fs/badelf.img.
"""
import mmap
import os
import shutil
import struct
import sys

BLKSIZE = 4096
FS_MAGIC = 0x4A0530AE
FTYPE_REG, FTYPE_DIR = 0, 1
FILE_SIZE = 256                  # bytes in a File entry
F_SIZE, F_TYPE, F_DIRECT, F_INDIRECT = 128, 132, 136, 176   # field offsets in a File
SUPER_ROOT = BLKSIZE + 8         # the root directory's File, in the superblock

# The user address space (inc/memlayout.h, inc/fsipc.h).
PGSIZE = 4096
UTEXT = 0x00800000
UXSTACKTOP = 0xEEC00000
USTACKTOP = UXSTACKTOP - 2 * PGSIZE
FDTABLE = 0xD0000000


class Image:
    """An fsformat image's bytes (a bytearray, or a file mapped with mmap:
    changed in place), with the root directory's entries found by name."""

    def __init__(self, data):
        self.data = data
        self.nblocks = self.u32(BLKSIZE + 4)

    def u32(self, offset):
        return struct.unpack_from("<I", self.data, offset)[0]

    def put32(self, offset, value):
        struct.pack_into("<I", self.data, offset, value & 0xFFFFFFFF)

    def block(self, blockno):
        return blockno * BLKSIZE

    def entry(self, name):
        """The offset of the root directory's entry called name."""
        size = self.u32(SUPER_ROOT + F_SIZE)
        for i in range(size // FILE_SIZE):
            blockno = self.u32(SUPER_ROOT + F_DIRECT + 4 * (i * FILE_SIZE // BLKSIZE))
            offset = self.block(blockno) + i * FILE_SIZE % BLKSIZE
            if self.data[offset:offset + 128].split(b"\0")[0] == name.encode():
                return offset
        raise KeyError("no file %r in the image's root directory" % name)

    def direct(self, name, i):
        return self.entry(name) + F_DIRECT + 4 * i

    def indirect_slot(self, name, i):
        return self.block(self.u32(self.entry(name) + F_INDIRECT)) + 4 * i

    def set_free(self, blockno, free=True):
        offset = 2 * BLKSIZE + blockno // 8
        bit = 1 << (blockno % 8)
        self.data[offset] = (self.data[offset] | bit) if free else (self.data[offset] & ~bit)

    def rename(self, name, new_name):
        offset = self.entry(name)
        self.data[offset:offset + 128] = new_name.ljust(128, b"\0")[:128]


def all_free(img):
    for b in range(img.nblocks):
        img.set_free(b)


def motd_and_lorem_free(img):
    for name in ("motd", "lorem"):
        for i in range(10):
            b = img.u32(img.direct(name, i))
            if b:
                img.set_free(b)
    img.set_free(img.u32(img.entry("benchdata64") + F_INDIRECT))


# name -> (what it does, how). Each keeps /newmotd intact: the server's
# boot self-test (fs/test.cpp) uses it.
IMAGE_CASES = {
    "motd-block-out-of-range": ("/motd's first block pointer is 5000, past the disk",
                                lambda img: img.put32(img.direct("motd", 0), 5000)),
    "motd-block-superblock": ("/motd's first block pointer aims at the superblock",
                              lambda img: img.put32(img.direct("motd", 0), 1)),
    "motd-block-bitmap": ("/motd's first block pointer aims at the bitmap",
                          lambda img: img.put32(img.direct("motd", 0), 2)),
    "benchdata-indirect-out-of-range": ("/benchdata's indirect block pointer is 9999",
                                  lambda img: img.put32(img.entry("benchdata") + F_INDIRECT, 9999)),
    "benchdata-indirect-entry-out-of-range": ("the first pointer in /benchdata's indirect block is 0xffffffff",
                                        lambda img: img.put32(img.indirect_slot("benchdata", 0), 0xFFFFFFFF)),
    "motd-size-2gib": ("/motd's size is 2 GiB - 1",
                       lambda img: img.put32(img.entry("motd") + F_SIZE, 0x7FFFFFFF)),
    "motd-size-negative": ("/motd's size is -4096",
                           lambda img: img.put32(img.entry("motd") + F_SIZE, -4096)),
    "bitmap-all-free": ("the bitmap marks every block free, the reserved ones too", all_free),
    "bitmap-used-free": ("the bitmap marks /motd's and /lorem's blocks and /benchdata64's indirect block free",
                         motd_and_lorem_free),
    "lorem-cross-linked": ("/lorem's first block pointer is /motd's first block",
                           lambda img: img.put32(img.direct("lorem", 0), img.u32(img.direct("motd", 0)))),
    "dot-entry": ("/testshell.key is renamed '.'", lambda img: img.rename("testshell.key", b".")),
    "unterminated-name": ("/testshell.key's name fills its 128 bytes with no NUL",
                          lambda img: img.rename("testshell.key", b"k" * 128)),
    "bad-magic": ("the superblock's magic number is 0", lambda img: img.put32(BLKSIZE, 0)),
    "nblocks-huge": ("the superblock claims 0x40000 blocks, more than the disk",
                     lambda img: img.put32(BLKSIZE + 4, 0x40000)),
    "root-not-a-directory": ("the root directory's type is FTYPE_REG",
                             lambda img: img.put32(SUPER_ROOT + F_TYPE, FTYPE_REG)),
}


class Elf:
    """A 32-bit ELF file's header fields and program headers, to patch."""

    def __init__(self, data):
        self.data = bytearray(data)
        self.phoff = self.u32(28)
        self.phnum = struct.unpack_from("<H", self.data, 44)[0]

    def u32(self, offset):
        return struct.unpack_from("<I", self.data, offset)[0]

    def put32(self, offset, value):
        struct.pack_into("<I", self.data, offset, value & 0xFFFFFFFF)

    def put16(self, offset, value):
        struct.pack_into("<H", self.data, offset, value)

    def loads(self):
        """The offsets of the PT_LOAD program headers."""
        headers = [self.phoff + 32 * i for i in range(self.phnum)]
        return [h for h in headers if self.u32(h) == 1]

    # Offsets of fields in a program header.
    P_TYPE, P_OFFSET, P_VA, P_FILESZ, P_MEMSZ = 0, 4, 8, 16, 20

    def text(self, field):
        return self.loads()[0] + field

    def data_seg(self, field):
        return self.loads()[-1] + field


def elf_patch(fn):
    def make(data):
        elf = Elf(data)
        fn(elf)
        return bytes(elf.data)
    return make


def no_loads(elf):
    for h in elf.loads():
        elf.put32(h + Elf.P_TYPE, 0)


def filesz_past_end(elf):
    size = len(elf.data) + 2 * PGSIZE
    elf.put32(elf.text(Elf.P_FILESZ), size)
    elf.put32(elf.text(Elf.P_MEMSZ), size)


def over_stack(elf):
    va = elf.u32(elf.data_seg(Elf.P_VA))
    elf.put32(elf.data_seg(Elf.P_MEMSZ), USTACKTOP - va)


def past_end_offset(elf):
    skew = elf.u32(elf.text(Elf.P_VA)) % PGSIZE
    elf.put32(elf.text(Elf.P_OFFSET), (len(elf.data) // PGSIZE + 1) * PGSIZE + skew)


# name -> (what it does, how: the program's bytes -> the malformed bytes).
# The names start with "bad-elf-": user/spawnbadelf.cpp spawns every such file.
ELF_CASES = {
    "bad-elf-empty": ("an empty file", lambda data: b""),
    "bad-elf-short-header": ("40 bytes, shorter than an ELF header", lambda data: data[:40]),
    "bad-elf-magic": ("the magic number is wrong", elf_patch(lambda e: e.put32(0, 0x464C457E))),
    "bad-elf-phoff-wrap": ("e_phoff = 0xffffffe0: offset + size wraps in 32 bits",
                           elf_patch(lambda e: e.put32(28, 0xFFFFFFE0))),
    "bad-elf-phoff-past-header": ("the program headers start at 4096, past the 512 bytes read",
                                  elf_patch(lambda e: e.put32(28, 4096))),
    "bad-elf-phnum-huge": ("65535 program headers", elf_patch(lambda e: e.put16(44, 0xFFFF))),
    "bad-elf-phentsize": ("program headers of 16 bytes", elf_patch(lambda e: e.put16(42, 16))),
    "bad-elf-no-load": ("no loadable segment", elf_patch(no_loads)),
    "bad-elf-entry-outside": ("the entry point 0x10000000 is in no segment",
                              elf_patch(lambda e: e.put32(24, 0x10000000))),
    "bad-elf-filesz-gt-memsz": ("text: p_filesz larger than p_memsz",
                                elf_patch(lambda e: e.put32(e.text(Elf.P_MEMSZ), e.u32(e.text(Elf.P_FILESZ)) - 1))),
    "bad-elf-memsz-wrap": ("data: p_memsz 0xffffffff wraps the address space",
                           elf_patch(lambda e: e.put32(e.data_seg(Elf.P_MEMSZ), 0xFFFFFFFF))),
    "bad-elf-va-kernel": ("data loaded at 0xf0100000, in the kernel",
                          elf_patch(lambda e: e.put32(e.data_seg(Elf.P_VA), 0xF0100000))),
    "bad-elf-va-low": ("data loaded at 0x1000, below UTEXT",
                       elf_patch(lambda e: e.put32(e.data_seg(Elf.P_VA), 0x1000))),
    "bad-elf-va-stack": ("data loaded on the child's stack page",
                         elf_patch(lambda e: e.put32(e.data_seg(Elf.P_VA), USTACKTOP - PGSIZE))),
    "bad-elf-va-xstack": ("data loaded on the exception stack page",
                          elf_patch(lambda e: e.put32(e.data_seg(Elf.P_VA), UXSTACKTOP - PGSIZE))),
    "bad-elf-va-fdtable": ("data loaded over the file descriptor table",
                           elf_patch(lambda e: e.put32(e.data_seg(Elf.P_VA), FDTABLE))),
    "bad-elf-memsz-over-stack": ("data's p_memsz reaches up to USTACKTOP", elf_patch(over_stack)),
    "bad-elf-offset-past-end": ("text's p_offset is past the end of the file", elf_patch(past_end_offset)),
    "bad-elf-filesz-past-end": ("text's p_filesz runs past the end of the file", elf_patch(filesz_past_end)),
    "bad-elf-offset-wrap": ("text's p_offset + p_filesz wraps in 32 bits",
                            elf_patch(lambda e: e.put32(e.text(Elf.P_OFFSET), 0xFFFFF020))),
    "bad-elf-offset-below-skew": ("text's p_offset (0x10) is below its page offset (0x20)",
                                  elf_patch(lambda e: e.put32(e.text(Elf.P_OFFSET), 0x10))),
    "bad-elf-truncated": ("the file stops in the middle of the text segment",
                          lambda data: data[:Elf(data).u32(Elf(data).text(Elf.P_OFFSET)) + 0x800]),
}


def corrupt_image(src, dst, case):
    # A copy (made by the kernel, no bytes through Python) changed in place:
    # every hardening test makes one, and reading and writing the 8 MiB image
    # in Python cost more than the corruption.
    shutil.copyfile(src, dst)
    with open(dst, "r+b") as f, mmap.mmap(f.fileno(), 0) as data:
        IMAGE_CASES[case][1](Image(data))


def write_elves(program, outdir):
    with open(program, "rb") as f:
        data = f.read()
    os.makedirs(outdir, exist_ok=True)
    for name, (_, make) in ELF_CASES.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(make(data))


def main(argv):
    if len(argv) == 5 and argv[1] == "image" and argv[4] in IMAGE_CASES:
        corrupt_image(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "elves":
        write_elves(argv[2], argv[3])
    elif len(argv) == 2 and argv[1] == "list":
        for name, (what, _) in list(IMAGE_CASES.items()) + list(ELF_CASES.items()):
            print("%-34s %s" % (name, what))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
