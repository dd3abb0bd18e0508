// The library OS: what every user program gets linked with (lib/).
#pragma once

#include <inc/assert.h>
#include <inc/env.h>
#include <inc/error.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/syscall.h>

// The program's entry point, called by libmain with the program's arguments.
void umain(int argc, char** argv);

// lib/libmain.cpp
extern const char* binaryname;
extern const volatile Env* thisenv; // this environment's entry in envs[] (read-only)
extern const volatile Env envs[NENV];
extern const volatile PageInfo pages[];

// lib/exit.cpp
[[noreturn]] void exit();

// lib/syscall.cpp: one stub per system call.
void sys_cputs(const char* s, size_t len);
int sys_cgetc();
envid_t sys_getenvid();
int sys_env_destroy(envid_t envid);

// The raw system call through a chosen path (int $0x30 or sysenter). Programs
// normally use the stubs above, which take the fastest path the CPU has.
int32_t syscall_via(SyscallPath path, uint32_t number, uint32_t a1, uint32_t a2, uint32_t a3,
                    uint32_t a4, uint32_t a5);
// Whether the stubs use sysenter (the CPU has it); set by libmain.
extern SyscallPath syscall_default_path;
