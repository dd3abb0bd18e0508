// Environments: allocation, address spaces, loading programs, running, freeing.
#pragma once

#include <kern/kernel.h>
#include <inc/env.h>
#include <inc/error.h>

// Protected by: the kernel lock. envs is also mapped read-only at UENVS.
extern Env* envs;

void env_init();
// Leaves only slots [0, count) free, before any environment exists (the boot
// option +envs=N): env_alloc then runs out after count, not NENV.
void env_use_first_slots(uint32_t count);

// Whether envid2env requires the target to be the caller or its child.
enum class EnvPerm { any, self_or_child };

// The environment with this id (0: the caller). Errors: bad_env (no such env,
// a stale id, or, with self_or_child, one the caller may not touch).
Result<Env*> envid2env(envid_t envid, const Env* caller, EnvPerm perm);

// Allocates and initializes a new environment with an empty user address space.
// Errors: no_free_env, no_mem.
Result<Env*> env_alloc(envid_t parent_id);

// Allocates the FlexSC syscall thread of owner: a kernel-mode environment
// that shares owner's page directory. Errors: no_free_env.
Result<Env*> env_alloc_kernel_thread(Env* owner);

// Whether e is the current environment of another CPU (whatever its status says).
bool env_on_other_cpu(const Env* e);

// Whether the environment id, which blocked after running `runs` times, is
// still blocked in that same wait: not destroyed (its slot may hold another id
// now) and not woken by anything else meanwhile (which made it run again). The
// waits that keep their own records of sleepers (kern/sleep.cpp,
// kern/e1000_wait.cpp) drop the stale ones with it.
bool env_still_blocked(envid_t id, uint32_t runs);

// Creates an environment running the ELF program in binary[0..size), with
// argv (null-terminated; nullptr: no arguments) on its stack.
// Errors: no_free_env, no_mem, not_exec (not a valid i386 executable), inval
// (the arguments do not fit).
Result<Env*> env_create(const uint8_t* binary, size_t size, EnvType type,
                        const char* const* argv = nullptr);

// Frees e and everything it owns.
void env_free(Env* e);

// Destroys e. If e runs on another CPU it is marked DYING and freed there at
// its next kernel entry. If e is the current environment, never returns.
void env_destroy(Env* e);

// Makes e this CPU's current environment, running, with its address space
// loaded: how both env_run and a syscall thread's own run (kern/flexsc.h) start.
void env_switch_to(Env* e);
// Runs e on this CPU: back to its user mode. Never returns. A FlexSC syscall
// thread, which runs in the kernel, is not run this way (sched_run).
[[noreturn]] void env_run(Env* e);

// The number of environments that are not free.
int env_count_live();
