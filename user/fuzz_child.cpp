// One child of the fuzzer: makes its budget of random system calls, each
// through int $0x30, sysenter or a FlexSC entry, records each in its slot of
// the shared page before making it, and checks the few results that must hold
// whatever the arguments. It may die at any call (that is allowed: a bad
// pointer, a fault, destroying itself); then the conductor starts another.

#include "fuzz_child.h"
#include <inc/x86.h>

static FuzzState* state; // for fuzz_landed, which arrives with nothing
static FuzzSlot* slot;

alignas(16) static uint8_t landing_stack[PGSIZE];

// After fork every writable page is copy-on-write. Copy them all now, while
// the library's handler is there, then take the handler away: from here on a
// page fault destroys the child in the kernel, as for any hostile program.
static void
own_every_page()
{
    for (uintptr_t table = 0; table < UTOP; table += PTSIZE) {
        if (!(uvpd[PDX(table)] & PTE_P))
            continue;
        for (uintptr_t va = table; va < table + PTSIZE; va += PGSIZE) {
            if ((uvpt[PGNUM(va)] & (PTE_P | PTE_COW)) == (PTE_P | PTE_COW)) {
                volatile uint8_t* p = reinterpret_cast<volatile uint8_t*>(va);
                *p = *p;
            }
        }
    }
    sys_env_set_pgfault_upcall(0, nullptr);
}

static FuzzCall&
begin_call(uint8_t entry, uint8_t hostile, uint32_t number, const uint32_t args[5])
{
    uint32_t seq = slot->calls + 1;
    FuzzCall& c = slot->ring[(seq - 1) % FUZZ_RING];
    c.seq = seq;
    c.entry = entry;
    c.hostile = hostile;
    c.number = static_cast<uint16_t>(number);
    memcpy(c.args, args, sizeof(c.args));
    c.result = FUZZ_PENDING;
    slot->calls = seq;
    if (fuzz_shared()->trace)
        fuzz_print_call(slot->index, c);
    return c;
}

[[noreturn]] static void
fail(const char* what, const FuzzCall& c)
{
    FuzzShared* sh = fuzz_shared();
    __atomic_add_fetch(&sh->failures, 1, __ATOMIC_SEQ_CST);
    cprintf("fuzz: FAILED: seed %u child w%u call #%u: %s; its last calls:\n", sh->seed,
            slot->index, c.seq, what);
    fuzz_print_ring(*slot);
    sys_env_destroy(0);
    for (;;)
        sys_yield();
}

// What must hold whatever the arguments were.
static void
check(const FuzzCall& c)
{
    if (c.result == FUZZ_PENDING)
        return;
    auto number = static_cast<Syscall>(c.number);
    if (number == Syscall::getenvid && c.result != state->self)
        fail("getenvid returned another id", c);
    // The kernel must never accept a kernel address as a user buffer.
    bool kernel_ptr = (number == Syscall::cputs && c.args[0] >= ULIM && c.args[1] > 0) ||
                      (number == Syscall::kstats && c.args[0] >= ULIM) ||
                      (number == Syscall::net_try_transmit && c.args[0] >= ULIM) ||
                      (number == Syscall::net_try_receive && c.args[0] >= ULIM && c.args[1] > 0) ||
                      (number == Syscall::env_set_trapframe && c.args[1] >= ULIM);
    if (kernel_ptr && c.result >= 0)
        fail("a kernel address was accepted as a user buffer", c);
}

// Makes a call recorded in the ring, through `entry`, hostile registers and all.
static int32_t
call(FuzzEntry entry, uint32_t number, const uint32_t args[5], bool hostile_ok = true)
{
    EntryRegs regs;
    uint8_t hostile = 0;
    if (hostile_ok && entry != ENTRY_FLEXSC)
        hostile = fuzz_entry_regs(*state, entry, regs);
    FuzzCall& c = begin_call(entry, hostile, number, args);
    if (entry == ENTRY_FLEXSC)
        c.result = fuzz_flexsc(*state, number, args);
    else
        c.result = fuzz_trap(entry, hostile ? &regs : nullptr, number, args);
    check(c);
    return c.result;
}

static int32_t
plain(Syscall number, uint32_t a0, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0,
      uint32_t a4 = 0)
{
    const uint32_t args[5] = {a0, a1, a2, a3, a4};
    // Alternating, not random: these calls happen or not depending on timing.
    FuzzEntry entry = slot->calls % 2 ? ENTRY_SYSENTER : ENTRY_INT;
    return call(entry, static_cast<uint32_t>(number), args, false);
}

static void
forget_gone_kids(FuzzState& st)
{
    for (uint32_t i = 0; i < st.nkids;) {
        envid_t kid = st.kids[i];
        if (envs[ENVX(kid)].env_id == kid && envs[ENVX(kid)].env_status != ENV_FREE) {
            i++;
            continue;
        }
        st.dead[st.ndead++ % FUZZ_MAX_KIDS] = kid;
        st.ndead = min(st.ndead, static_cast<uint32_t>(FUZZ_MAX_KIDS));
        st.kids[i] = st.kids[--st.nkids];
    }
}

// Creates a kid, gives it hostile registers and a page or two, and lets it
// run, all with calls that cannot destroy this child: a kid left behind not
// runnable would outlive everyone.
static void
make_kid(FuzzState& st)
{
    // Every random choice first: how many numbers a kid takes must not depend on timing.
    static Trapframe tf;
    memset(&tf, 0, sizeof(tf));
    if (st.on(FUZZ_FRAMES))
        fuzz_trapframe(st, tf, false);
    uint32_t va = FUZZ_SCRATCH_VA + st.rng.below(FUZZ_SCRATCH_PAGES) * PGSIZE;
    uint32_t alloc_perm = st.rng.one_in(2) ? fuzz_perm(st) : 0;
    uint32_t map_perm = st.rng.one_in(2) ? fuzz_perm(st) : 0;
    uint32_t upcall = st.rng.one_in(4) ? fuzz_code_pointer(st, false) : 0;

    forget_gone_kids(st);
    if (st.nkids == FUZZ_MAX_KIDS && plain(Syscall::env_destroy, st.kids[0]) == 0)
        forget_gone_kids(st);
    if (st.nkids == FUZZ_MAX_KIDS)
        return;
    const uint32_t none[5] = {};
    FuzzCall& c = begin_call(ENTRY_INT, 0, static_cast<uint32_t>(Syscall::exofork), none);
    envid_t kid = sys_exofork();
    if (kid == 0) // (a kid has no memory to run this in)
        sys_env_destroy(0);
    c.result = kid;
    if (kid < 0)
        return;
    st.kids[st.nkids++] = kid;
    plain(Syscall::env_set_trapframe, kid, reinterpret_cast<uint32_t>(&tf));
    if (alloc_perm != 0)
        plain(Syscall::page_alloc, kid, va, alloc_perm);
    if (map_perm != 0)
        plain(Syscall::page_map, 0, va, kid, va, map_perm);
    if (upcall != 0)
        plain(Syscall::env_set_pgfault_upcall, kid, upcall);
    plain(Syscall::env_set_status, kid, ENV_RUNNABLE);
}

// Fills in arguments that mean something for `number`.
static void
choose_args(FuzzState& st, uint32_t number, uint32_t args[5])
{
    FuzzRng& rng = st.rng;
    static Trapframe tf;
    for (int i = 0; i < 5; i++)
        args[i] = rng.one_in(2) ? rng.below(8) : rng.next();
    switch (static_cast<Syscall>(number)) {
    case Syscall::cputs:
        args[0] = fuzz_pointer(st, PointerUse::read, true);
        args[1] = fuzz_length(st);
        break;
    case Syscall::env_destroy:
        args[0] = fuzz_envid(st, rng.one_in(32));
        break;
    case Syscall::page_alloc:
    case Syscall::page_unmap:
        args[0] = fuzz_envid(st, true);
        args[1] = fuzz_pointer(st, PointerUse::page, true);
        args[2] = fuzz_perm(st);
        break;
    case Syscall::page_map:
        args[0] = fuzz_envid(st, true);
        args[1] = fuzz_pointer(st, PointerUse::page, true);
        args[2] = fuzz_envid(st, true);
        args[3] = fuzz_pointer(st, PointerUse::page, true);
        args[4] = fuzz_perm(st);
        break;
    case Syscall::env_set_status:
        args[0] = fuzz_envid(st, true);
        args[1] = rng.one_in(4) ? rng.next()
                                : ENV_RUNNABLE + rng.below(2) * (ENV_NOT_RUNNABLE - ENV_RUNNABLE);
        break;
    case Syscall::env_set_trapframe: {
        // Its own frame ends the child one way or another: now and then only.
        args[0] = fuzz_envid(st, rng.one_in(16));
        bool self = args[0] == 0 || args[0] == static_cast<uint32_t>(st.self);
        args[1] = fuzz_pointer(st, PointerUse::read, true);
        if (self && !st.on(FUZZ_FRAMES))
            args[1] = ULIM; // a frame read from its own memory would send it anywhere
        bool crafted = rng.one_in(2), landing = rng.one_in(2);
        if (st.on(FUZZ_FRAMES) && (self || crafted)) {
            if (self && landing)
                fuzz_landing_frame(st, tf);
            else
                fuzz_trapframe(st, tf, self);
            args[1] = reinterpret_cast<uint32_t>(&tf);
        }
        break;
    }
    case Syscall::env_set_pgfault_upcall:
        args[0] = fuzz_envid(st, true);
        args[1] = fuzz_code_pointer(st, true);
        break;
    case Syscall::ipc_try_send:
        args[0] = fuzz_envid(st, true);
        args[2] = rng.one_in(2) ? fuzz_pointer(st, PointerUse::page, true) : UTOP;
        args[3] = fuzz_perm(st);
        break;
    case Syscall::ipc_recv:
        args[0] = rng.one_in(2) ? fuzz_pointer(st, PointerUse::page, true) : UTOP;
        break;
    case Syscall::flexsc_register:
        args[0] = fuzz_pointer(st, PointerUse::page, true);
        args[1] = rng.below(3);
        args[2] = rng.below(6);
        break;
    case Syscall::kstats:
        args[0] = fuzz_pointer(st, PointerUse::write, true);
        break;
    case Syscall::net_try_transmit:
        args[0] = fuzz_pointer(st, PointerUse::read, true);
        args[1] = fuzz_length(st);
        break;
    case Syscall::net_try_receive:
        args[0] = fuzz_pointer(st, PointerUse::write, true);
        args[1] = fuzz_length(st);
        break;
    default:
        break;
    }
}

static void
one_call(FuzzState& st)
{
    uint32_t number = fuzz_number(st);
    uint32_t choice = st.rng.below(3);
    auto entry = static_cast<FuzzEntry>(choice == 2 && !st.flexsc ? 0 : choice);
    // exofork by trap makes a kid; a kid is made only where it is made runnable at once.
    if (number == static_cast<uint32_t>(Syscall::exofork) && entry != ENTRY_FLEXSC) {
        if (!slot->victim && st.rng.one_in(4))
            make_kid(st);
        return;
    }
    uint32_t args[5];
    choose_args(st, number, args);
    call(entry, number, args);
}

[[noreturn]] static void
finish()
{
    forget_gone_kids(*state);
    for (uint32_t i = 0; i < state->nkids; i++)
        sys_env_destroy(state->kids[i]);
    sys_env_destroy(0);
    for (;;)
        sys_yield();
}

void
fuzz_landing_frame(FuzzState& st, Trapframe& tf)
{
    fuzz_trapframe(st, tf, true);
    tf.tf_eip = reinterpret_cast<uintptr_t>(fuzz_landed);
    tf.tf_esp = reinterpret_cast<uintptr_t>(landing_stack + sizeof(landing_stack)) - 4;
}

// Where a child lands when it sets its own trap frame to come here: the
// kernel must have made the frame safe (user segments, interrupts on).
void
fuzz_landed()
{
    uint32_t flags = read_eflags();
    uint16_t cs;
    asm volatile("movw %%cs, %0" : "=r"(cs));
    asm volatile("cld" ::: "cc");
    if ((flags & (FL_VM | FL_NT | FL_IOPL_MASK)) || !(flags & FL_IF) || cs != (GD_UT | 3))
        fail("landed from a trap frame the kernel did not make safe",
             slot->ring[(slot->calls - 1) % FUZZ_RING]);
    finish();
}

void
fuzz_child(FuzzSlot& my_slot)
{
    own_every_page();
    FuzzShared* sh = fuzz_shared();
    FuzzState st{FuzzRng(fuzz_child_seed(sh->seed, my_slot.index)),
                 sh->classes,
                 sys_getenvid(),
                 sh->conductor,
                 {},
                 {},
                 0,
                 0,
                 false};
    state = &st;
    slot = &my_slot;
    if (st.on(FUZZ_FLEXSC) && st.rng.one_in(2))
        st.flexsc = flexsc_register() == 0;
    while (slot->calls < slot->budget)
        one_call(st);
    finish();
}
