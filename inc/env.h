// Environments (JOS's processes): ids, states, and the Env structure the
// kernel keeps for each one and exports read-only to users at UENVS.
#pragma once

#include <inc/memlayout.h>
#include <inc/trap.h>

using envid_t = int32_t;

// An envid has three parts:
//
// +1+---------------21-----------------+--------10--------+
// |0|          Uniqueifier             |   Environment    |
// | |                                  |      Index       |
// +------------------------------------+------------------+
//                                       \--- ENVX(eid) --/
//
// The index selects the slot in envs[]; the uniqueifier (a generation count)
// tells apart environments that used the same slot at different times. envid 0
// means "the calling environment" in system calls.
#define LOG2NENV 10
#define NENV (1 << LOG2NENV)
#define ENVGENSHIFT 12 // >= LOG2NENV

constexpr uint32_t
ENVX(envid_t envid)
{
    return static_cast<uint32_t>(envid) & (NENV - 1);
}

// Values of env_status (JOS's numbers; user code compares against them).
enum EnvStatus : uint32_t {
    ENV_FREE = 0,
    ENV_DYING = 1,
    ENV_RUNNABLE = 2,
    ENV_RUNNING = 3,
    ENV_NOT_RUNNABLE = 4,
};

// Special environment types.
enum EnvType : uint32_t {
    ENV_TYPE_USER = 0,
    ENV_TYPE_FS = 1,     // the file system server: gets I/O privilege
    ENV_TYPE_NS = 2,     // the network server (net/): an ordinary user environment
    ENV_TYPE_FLEXSC = 3, // a FlexSC kernel syscall thread (runs in ring 0 for its owner)
};

// env_libos_flags bits. The kernel gives them no meaning; children inherit them,
// so a mode chosen at boot reaches every program the first one forks or spawns.
#define ENV_LIBOS_FLEXSC                                                                           \
    0x1 // transparent FlexSC: system calls go through the syscall page when that can pay
#define ENV_LIBOS_FLEXSC_ALWAYS 0x2 // ...with ENV_LIBOS_FLEXSC: every call, whether it pays or not

struct Env {
    Trapframe env_tf; // saved registers while not running
    Env* env_link;    // next free Env (kernel use)
    envid_t env_id;
    envid_t env_parent_id;
    EnvType env_type;
    EnvStatus env_status;
    uint32_t env_runs;  // number of times the environment has run
    int32_t env_cpunum; // the CPU it runs on, while RUNNING

    pde_t* env_pgdir; // kernel virtual address of its page directory

    uintptr_t env_pgfault_upcall; // user page-fault entry point, 0 if none

    // Inter-process communication (lab 4).
    uint32_t env_ipc_recving; // 1 while blocked in sys_ipc_recv
    uintptr_t env_ipc_dstva;  // where a received page goes (>= UTOP: no page)
    uint32_t env_ipc_value;   // value sent
    envid_t env_ipc_from;     // sender's envid
    uint32_t env_ipc_perm;    // permissions of the received page, 0 if none
    uint32_t env_libos_flags; // the library OS's own modes (ENV_LIBOS_*): the kernel only
                              // copies them to exofork children (and sets them at boot)
    int32_t env_pinned_cpu;   // the only CPU it may run on, or -1 for any (kern/sched.cpp)
    uint32_t env_reserved[6]; // room for later labs without moving users' view
};
static_assert(__is_standard_layout(Env));
static_assert(offsetof(Env, env_id) == 72);
static_assert(offsetof(Env, env_status) == 84);
static_assert(offsetof(Env, env_ipc_value) == 112);
static_assert(NENV * sizeof(Env) <= PTSIZE, "envs must fit in the UENVS window");
