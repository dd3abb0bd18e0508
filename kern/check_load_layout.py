"""Checks that the kernel file holds its text and data segments as memory does.

QEMU's -kernel copies the file from the Multiboot header up to edata in one
piece (kern/entry.S), so the data segment must lie in the file at the same
distance from the text segment as in memory. The programs' segment, flagged
on demand (inc/elf.h), is not copied. Usage: check_load_layout.py KERNEL
"""

import struct
import sys

PT_LOAD = 1
ON_DEMAND = 0x00100000


def loaded_segments(path):
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    for i in range(phnum):
        p_type, offset, _vaddr, paddr, _filesz, _memsz, flags, _align = \
            struct.unpack_from("<8I", data, phoff + i * phentsize)
        if p_type == PT_LOAD and not flags & ON_DEMAND:
            yield offset, paddr


def main(path):
    shifts = {paddr - offset for offset, paddr in loaded_segments(path)}
    if len(shifts) != 1:
        sys.exit("%s: the text and data segments are not laid out in the file as in memory, "
                 "so QEMU's -kernel would copy them wrong: check kern/kernel.ld" % path)


if __name__ == "__main__":
    main(sys.argv[1])
