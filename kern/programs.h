// User programs linked into the kernel image (obj/kern/user_programs.S, made by kern/Makefrag).
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

struct UserProgram {
    const char* name;
    const uint8_t* start;
    const uint8_t* end;
};

// The program called name, or nullptr.
const UserProgram* find_user_program(const char* name);
