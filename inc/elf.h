// ELF32 executable headers (System V ABI), as the boot loader and the program loader read them.
#pragma once

#include <inc/types.h>

#define ELF_MAGIC 0x464C457FU // "\x7FELF" read as a little-endian word

struct Elf32Header {
    uint32_t e_magic;
    uint8_t e_elf[12];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_entry;
    uint32_t e_phoff;
    uint32_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};
static_assert(sizeof(Elf32Header) == 52);

struct Elf32ProgramHeader {
    uint32_t p_type;
    uint32_t p_offset;
    uint32_t p_va;
    uint32_t p_pa;
    uint32_t p_filesz;
    uint32_t p_memsz;
    uint32_t p_flags;
    uint32_t p_align;
};
static_assert(sizeof(Elf32ProgramHeader) == 32);

#define ELF_PROG_LOAD 1
#define ELF_PROG_FLAG_EXEC 1
#define ELF_PROG_FLAG_WRITE 2
#define ELF_PROG_FLAG_READ 4
// A flag of the OS-specific range (ELF's PF_MASKOS, 0x0ff00000) that marks the
// kernel's segment of embedded user programs: the boot sector does not load it,
// and the kernel reads the programs it starts from the disk (kern/programs.cpp).
#define ELF_PROG_FLAG_ON_DEMAND 0x00100000
