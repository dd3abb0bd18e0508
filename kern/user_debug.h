// Source-level facts about the code of user programs embedded in the kernel,
// for the monitor's backtrace of a trapped environment. The tables come from
// kern/user_debug_gen.py (obj/kern/user_debug_tables.S): every function of
// every program, and the lines of the program's own source files.
#pragma once

#ifndef JOS_KERNEL
#error "kernel-only header"
#endif

#include <kern/kdebug.h>
#include <inc/types.h>

struct Env;
struct Trapframe;

struct UserDebugLine {
    uint32_t addr;
    uint32_t line;
    uint32_t file; // offset into user_debug_strings
};

struct UserDebugProgram {
    uint32_t name; // offset into user_debug_strings
    const KdebugFunction* functions;
    uint32_t function_count;
    const UserDebugLine* lines;
    uint32_t line_count;
    // The program's code segment: where it goes, its size and its bytes' CRC-32.
    // The kernel recognizes a running program by them, without the program's
    // bytes, which the boot sector leaves on the disk (kern/programs.h).
    uint32_t code_va;
    uint32_t code_size;
    uint32_t code_crc;
};

// The embedded program whose code env runs (env's memory at the program's code
// segment has the same CRC-32), or nullptr: a program not built into this kernel.
const UserDebugProgram* user_debug_program(const Env& env);

const char* user_debug_name(const UserDebugProgram& program);

// Fills info for eip in program's code; false (placeholders) if eip is in none
// of its functions.
bool user_debuginfo_eip(const UserDebugProgram& program, uintptr_t eip, EipDebugInfo& info);

// Prints the user frames of the environment that trapped with tf (the
// monitor's backtrace, after the kernel's frames).
void backtrace_user(const Trapframe& tf);
