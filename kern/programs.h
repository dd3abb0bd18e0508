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
};

// The program called name, or nullptr.
const UserProgram* find_user_program(const char* name);
