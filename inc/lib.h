// The library OS: what every user program gets linked with (lib/).
#pragma once

#include <inc/assert.h>
#include <inc/env.h>
#include <inc/error.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/flexsc.h>
#include <inc/flexsc_client.h>
#include <inc/fsipc.h>
#include <inc/hot_path.h>
#include <inc/kstats.h>
#include <inc/syscall.h>
#include <inc/trap.h>

// The program's entry point, called by libmain with the program's arguments.
void umain(int argc, char** argv);

// lib/libmain.cpp
extern const char* binaryname;
// This environment's entry in envs[] (read-only). It lives in the per-env
// section, which sfork copies instead of sharing, so each environment has its own.
extern const volatile Env* thisenv;
extern const volatile Env envs[NENV];
extern const volatile PageInfo pages[];
// The current page tables, read-only (UVPT self-map): uvpt[n] is the entry for
// page number n, uvpd[n] the directory entry for the 4 MiB region n.
extern const volatile pte_t uvpt[];
extern const volatile pde_t uvpd[];

// Variables each environment must have its own copy of, even after sfork. They
// start zeroed: the ".bss." prefix makes the section take no room in the file.
#define PER_ENV [[gnu::section(".bss.perenv")]]

constexpr uint32_t
PGNUM(uintptr_t va)
{
    return va >> PGSHIFT;
}

// Page table entry bits the library OS gives meaning to (in PTE_AVAIL).
#define PTE_SHARE 0x400 // fork and spawn share this page instead of copying it
#define PTE_COW 0x800   // copy-on-write: fork's page-fault handler copies it on a write

// lib/exit.cpp
[[noreturn]] void exit();

// lib/syscall.cpp: one stub per system call.
void sys_cputs(const char* s, size_t len);
int sys_cgetc();
envid_t sys_getenvid();
int sys_env_destroy(envid_t envid);
void sys_yield();
int sys_page_alloc(envid_t envid, void* va, int perm);
int sys_page_map(envid_t srcenv, void* srcva, envid_t dstenv, void* dstva, int perm);
int sys_page_unmap(envid_t envid, void* va);
int sys_env_set_status(envid_t envid, int status);
int sys_env_set_trapframe(envid_t envid, const Trapframe* tf);
int sys_env_set_pgfault_upcall(envid_t envid, void (*upcall)());
int sys_ipc_try_send(envid_t to_env, uint32_t value, void* srcva, int perm);
int sys_ipc_recv(void* dstva);
uint32_t sys_time_msec();
// Blocks until sys_time_msec() reaches msec (0 at once if it has), so a program
// that waits for a time lets the CPU idle. It may return early (something else
// woke the environment): read the clock again. Always traps.
int sys_sleep_until(uint32_t msec);
// The kernel's statistics counters, summed over CPUs (inc/kstats.h). Never
// routed through FlexSC: a program that measures its calls does not disturb them.
int sys_kstats(KStats* out);
// The network card (kern/e1000.cpp, doc/net.md). Neither waits.
// Errors come back negated, as from every stub (Error::x is -E_X).
// Transmit: 0 once the frame is queued; try_again if the transmit ring is full;
// inval if len is 0 or over NET_FRAME_MAX (inc/net.h); not_supp if there is no
// card. A bad pointer is treated as by every call (fault, or the env destroyed).
int sys_net_try_transmit(const void* frame, size_t len);
// Receive: the frame's length once it is copied to buf; try_again if
// nothing has arrived; inval if buflen is smaller than the waiting frame (it
// stays waiting, never cut short: NET_FRAME_MAX is always enough); not_supp
// without a card.
int sys_net_try_receive(void* buf, size_t buflen);
// Blocks until the card can do one of what (NET_WAIT_RECEIVE, NET_WAIT_TRANSMIT:
// a frame has arrived, a transmit descriptor is free), woken by the card's
// interrupt; 0 at once if it already can. A wake-up promises nothing (another
// environment may take the frame first): try again, then wait again. Always
// traps (a wait is what it is for). Errors: inval (what is 0 or has other bits),
// not_supp (no card), try_again (too many environments waiting already).
int sys_net_wait(uint32_t what);

// sys_exofork must be inlined into its caller and must trap with int: the
// child starts with the parent's registers at this point, but with a copy of
// the parent's stack taken later, so it must not depend on anything below the
// caller's stack pointer (as a call's return address or sysenter's saved ebp are).
[[gnu::always_inline]] inline envid_t
sys_exofork()
{
    envid_t ret;
    asm volatile("int %1"
                 : "=a"(ret)
                 : "i"(T_SYSCALL), "a"(static_cast<uint32_t>(Syscall::exofork))
                 : "cc", "memory");
    return ret;
}

// lib/pgfault.cpp: the page-fault handler the kernel's upcall reaches.
using PageFaultHandler = void (*)(UTrapframe* utf);
void set_pgfault_handler(PageFaultHandler handler);
extern "C" void _pgfault_upcall(); // lib/pfentry.S

// lib/fork.cpp
envid_t fork();
envid_t sfork(); // shares all memory but the stack (and PER_ENV variables)

// lib/flexsc.cpp: exception-less system calls (inc/flexsc.h, doc/flexsc.md).
// Register once; then post entries and reap them, or flexsc_call (post and
// wait): inc/flexsc_client.h. Calls run in the order they are posted.
int flexsc_register(uintptr_t va = FLEXSC_DEFAULT_VA);
// The same with a polling syscall thread pinned to CPU `cpu` (FLEXSC_POLL,
// inc/flexsc.h): while it is awake, posting a call is all it takes.
int flexsc_register_polling(int cpu, uintptr_t va = FLEXSC_DEFAULT_VA);
int flexsc_register_with(uintptr_t va, uint32_t flags, uint32_t cpu);
bool flexsc_registered();
// Waits until some posted entry completed since the last wait; returns how many (0: none
// outstanding).
int flexsc_wait();
// Waits for progress on posted entries: spins briefly while a polling thread
// is awake (no kernel entry), else flexsc_wait. Returns 0 only when nothing is
// outstanding; the caller then looks at its entries again.
int flexsc_wait_progress();
// How many of those flexsc_waits were made because a polling thread had said
// it was asleep (the only kernel entries polling needs).
uint32_t flexsc_poller_wake_waits();
// flexsc_post and flexsc_reap: inc/flexsc_client.h.
// Whether the entry's call has completed.
bool flexsc_entry_done(int entry);
// Waits until every posted call has run (blocked receives excepted). exit() calls it.
void flexsc_flush();

// lib/flexsc_route.cpp: transparent mode. After flexsc_transparent_start()
// (or when the environment's ENV_LIBOS_FLEXSC flag is set: libmain checks it)
// the system calls the library makes go through FlexSC when posting can pay
// (FlexscRouting::hybrid) or always; the program registers on its first
// posted call. flexsc_threads_start (inc/uthread.h) adds threads.
void flexsc_transparent_start(FlexscRouting how = FlexscRouting::hybrid);
bool flexsc_routing();
int32_t flexsc_route(Syscall number, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                     uint32_t a5);

// Fire-and-forget console output through the syscall page: copies the text
// and returns at once (other calls: flexsc_call, inc/flexsc_client.h).
void flex_cputs(const char* s, size_t len);

// lib/fd.cpp: file descriptors over devices (file, pipe, console). A
// descriptor is a page at FDTABLE; fork and spawn share it (PTE_SHARE).
struct Stat;
struct Dev {
    int dev_id;
    const char* dev_name;
    ssize_t (*dev_read)(Fd* fd, void* buf, size_t n);
    ssize_t (*dev_write)(Fd* fd, const void* buf, size_t n);
    int (*dev_close)(Fd* fd);
    int (*dev_stat)(Fd* fd, Stat* stat);
    int (*dev_trunc)(Fd* fd, off_t length);
};
struct Stat {
    char st_name[MAXNAMELEN];
    off_t st_size;
    int st_isdir;
    const Dev* st_dev;
};
extern const Dev devfile, devpipe, devcons, devsock;

int fd_alloc(Fd** fd_store);
int fd_lookup(int fdnum, Fd** fd_store);
int fd2num(const Fd* fd);
char* fd2data(const Fd* fd);
int fd_close(Fd* fd, bool must_exist);
int dev_lookup(int dev_id, const Dev** dev_store);

int close(int fdnum);
void close_all();
int dup(int oldfd, int newfd); // makes newfd a copy of oldfd (closing newfd first)
ssize_t read(int fdnum, void* buf, size_t n);
ssize_t readn(int fdnum, void* buf, size_t n); // reads until n bytes or end of file
ssize_t write(int fdnum, const void* buf, size_t n);
int seek(int fdnum, off_t offset);
int ftruncate(int fdnum, off_t size);
int fstat(int fdnum, Stat* stat);
int stat(const char* path, Stat* stat);

// lib/file.cpp: files, through the file server.
int open(const char* path, int mode);
int remove(const char* path);
int sync();
// A FlexSC option (make bench): asks the file server to serve with a thread
// per request in flight (fs/serv_threads.cpp), and from then on this
// environment's FlexSC-Threads threads each send their own requests, many in
// flight at once (lib/file_threads.cpp). Errors: the server's, not_supp.
int file_threads_start();

// lib/pipe.cpp
int pipe(int pipefds[2]);
int pipeisclosed(int fdnum);

// lib/console.cpp: the console as a device.
int opencons();

// lib/printf.cpp: formatted output to a file descriptor.
int printf(const char* fmt, ...);
int fprintf(int fdnum, const char* fmt, ...);
int vfprintf(int fdnum, const char* fmt, va_list ap);

// lib/spawn.cpp: start a program from the file system, with arguments.
envid_t spawn(const char* path, const char** argv);
envid_t spawnl(const char* path, const char* arg0, ...);

// lib/wait.cpp: wait until an environment has exited, or until it is blocked
// (ENV_NOT_RUNNABLE: waiting in ipc_recv or another blocking call) or gone.
void wait(envid_t envid);
void wait_until_blocked(envid_t envid);

// lib/pageref.cpp: how many page table entries map the page holding va.
int pageref(const void* va);

// lib/rand.cpp: C's rand (0..0x7fffffff) and srand, with C linkage (lwIP calls rand).
extern "C" {
int rand();
void srand(unsigned seed);
}

// lib/ipc.cpp
int32_t ipc_recv(envid_t* from_env_store, void* pg, int* perm_store);
void ipc_send(envid_t to_env, uint32_t value, void* pg, int perm);
envid_t ipc_find_env(EnvType type);
// lib/flexsc_ipc.cpp: receives through the syscall page, several outstanding
// at once (a send completes the oldest). Post one (a page, if any, arrives at
// pg; returns the entry), and reap it: waits (parking the thread under
// FlexSC-Threads) and returns what ipc_recv would, from the entry's own copy
// of the message. flexsc_ipc_recv does both.
int flexsc_post_recv(void* pg);
int32_t flexsc_reap_recv(int entry, envid_t* from_env_store, int* perm_store);
int32_t flexsc_ipc_recv(envid_t* from_env_store, void* pg, int* perm_store);

// The raw system call through a chosen path (int $0x30 or sysenter). Programs
// normally use the stubs above, which take the fastest path the CPU has.
int32_t syscall_via(SyscallPath path, uint32_t number, uint32_t a1, uint32_t a2, uint32_t a3,
                    uint32_t a4, uint32_t a5);
// Whether the stubs use sysenter (the CPU has it); set by libmain.
extern SyscallPath syscall_default_path;
