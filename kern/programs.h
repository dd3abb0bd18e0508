// User programs linked into the kernel image (obj/kern/user_programs.S, made by kern/Makefrag).
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

struct UserProgram {
    const char* name;
    const uint8_t* start;
    const uint8_t* end;
    uint32_t needs_fs;  // 1: start the file server first (user/Makefrag's USER_PROGS_FS)
    uint32_t needs_net; // 1: start the file server, then the network server (USER_PROGS_NET)
    uint32_t loaded;    // 1: [start, end) holds the program (user_program_load)
};

// The program called name, or nullptr.
UserProgram* find_user_program(const char* name);

// Makes [program.start, program.end) hold the program. The boot loaders load
// none of the programs (most of the kernel file): the first start of a program
// reads it, from QEMU's fw_cfg file opt/flexjos/programs when there is one (the
// grade harness's -kernel boots), else from the boot disk (the boot sector's
// boots: make qemu, Bochs). Call only before user environments run: the file
// server drives the same disk channel. Errors: unspecified (the disk or fw_cfg
// failed), not_exec (the kernel file on the disk, or the fw_cfg file, is not
// this kernel's).
Error user_program_load(UserProgram& program);

// Where user_program_load reads programs from, for messages.
const char* user_program_source();
