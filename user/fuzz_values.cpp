// The fuzzer's argument generators: pointers into every region of the memory
// layout (inc/memlayout.h), envids live, dead and stale, lengths, permission
// bits, call numbers and trap frames. Each draws only from the child's FuzzRng,
// so a seed gives the same arguments again (envids read from envs[] aside).

#include "fuzz_child.h"

// A printable buffer: what sys_cputs prints when it is given a good pointer.
static const char fuzz_text[] =
    "fuzz fuzz fuzz fuzz fuzz fuzz fuzz fuzz fuzz fuzz fuzz fuzz fuzz\n";
// What sys_kstats writes into when it is given a good pointer.
static KStats kstats_buffer;

struct Region {
    uint32_t base;
    uint32_t size;
    bool lethal; // a good chance the kernel destroys a trap caller for it
};

// Every region of the layout, top to bottom, as the kernel must see them.
static const Region regions[] = {
    {0xfffff000, PGSIZE, true},                           // the top page: wraps around
    {KERNBASE, 4 * PTSIZE, true},                         // the kernel, all of physical memory
    {KSTACKTOP - KSTKSIZE, KSTKSIZE, true},               // CPU 0's kernel stack
    {KSTACKTOP - KSTKSIZE - KSTKGAP, KSTKGAP, true},      // the guard gap below it
    {MMIOLIM, PTSIZE - KSTKSIZE - KSTKGAP, true},         // other CPUs' stacks and gaps
    {MMIOBASE, PTSIZE, true},                             // memory-mapped I/O (LAPIC)
    {UVPT, PTSIZE, false},                                // the page tables, read-only
    {UPAGES, PTSIZE, false},                              // the PageInfo array
    {UENVS, PTSIZE, false},                               // the Env array
    {UXSTACKTOP - PGSIZE, PGSIZE, true},                  // the exception stack
    {USTACKTOP, PGSIZE, true},                            // the guard under it
    {USTACKTOP - PGSIZE, PGSIZE, false},                  // the normal stack
    {FLEXSC_DEFAULT_VA - PGSIZE, 2 * PGSIZE, false},      // FlexSC client state, syscall page
    {FUZZ_SCRATCH_VA, FUZZ_SCRATCH_PAGES* PGSIZE, false}, // the child's scratch pages
    {UTEXT, 0x10000, false},                              // the program's text and data
    {PFTEMP, PGSIZE, true},                               // fork's scratch page
    {UTEMP, PTSIZE - PGSIZE, true},                       // unmapped
    {0, PGSIZE, true},                                    // null
};
constexpr uint32_t NREGIONS = sizeof(regions) / sizeof(regions[0]);

// An address in r: its start, a page in it, any byte, or its last bytes.
static uint32_t
address_in(FuzzRng& rng, const Region& r)
{
    switch (rng.below(4)) {
    case 0:
        return r.base;
    case 1:
        return r.base + round_down(rng.below(r.size), PGSIZE);
    case 2:
        return r.base + rng.below(r.size);
    default:
        return r.base + r.size - 1 - rng.below(8);
    }
}

static bool
in_region(uint32_t va, uint32_t base, uint32_t size)
{
    return va - base < size;
}

uint32_t
fuzz_pointer(FuzzState& st, PointerUse use, bool lethal_ok)
{
    FuzzRng& rng = st.rng;
    // The class is about one rare combination: make it common. The page of
    // UVPT that shows directory entry i holds writable-looking entries when
    // i covers memory the child has (its program, stack, scratch pages).
    uint32_t uvpt_draw = rng.next();
    if (st.on(FUZZ_UVPT) && use == PointerUse::write && uvpt_draw % 8 == 0) {
        static const uint32_t used[] = {UTEXT, USTACKTOP - 1, FUZZ_SCRATCH_VA, FUZZ_SHARED_VA};
        return UVPT + PDX(used[(uvpt_draw >> 3) % 4]) * PGSIZE + (uvpt_draw >> 5) % 64 * 4;
    }
    // Good pointers most of the time, so a child lives long enough to matter
    // (a fork costs as much as a few hundred calls).
    if (use != PointerUse::code && (!lethal_ok || rng.below(32) != 0)) {
        if (use == PointerUse::read)
            return reinterpret_cast<uint32_t>(fuzz_text) + rng.below(sizeof(fuzz_text) / 2);
        if (use == PointerUse::write)
            return reinterpret_cast<uint32_t>(&kstats_buffer);
        return FUZZ_SCRATCH_VA + rng.below(FUZZ_SCRATCH_PAGES) * PGSIZE;
    }
    uint32_t va = rng.one_in(16) ? rng.next() : address_in(rng, rng.pick(regions));
    if (use == PointerUse::page && !rng.one_in(8))
        va = round_down(va, PGSIZE);
    // Classes not switched on keep away from the holes they are about.
    if (!st.on(FUZZ_UVPT) && use == PointerUse::write &&
        in_region(va - sizeof(KStats), UVPT - sizeof(KStats), PTSIZE + sizeof(KStats)))
        va = UENVS;
    // The conductor's page keeps the count: no child may take it away.
    if (in_region(va, FUZZ_SHARED_VA, PGSIZE))
        va = FUZZ_SCRATCH_VA;
    return va;
}

uint32_t
fuzz_code_pointer(FuzzState& st, bool for_self)
{
    uint32_t va = fuzz_pointer(st, PointerUse::code, true);
    // A kid has no memory but the scratch pages its parent gave it: anywhere
    // else below UTOP the first fetch faults. A child's own memory holds code
    // and data with int3 bytes in them (lib/panic.cpp): only with usertrap.
    if (!for_self && in_region(va, FUZZ_SCRATCH_VA, FUZZ_SCRATCH_PAGES * PGSIZE))
        va = 0;
    if (for_self && !st.on(FUZZ_USERTRAP) && va < UTOP)
        va = KERNBASE + (va & 0xffff);
    return va;
}

envid_t
fuzz_envid(FuzzState& st, bool self_ok)
{
    FuzzRng& rng = st.rng;
    envid_t stale_self = st.self + (1 << ENVGENSHIFT);
    switch (rng.below(10)) {
    case 0:
        return self_ok ? 0 : stale_self;
    case 1:
        return self_ok ? st.self : stale_self;
    case 2:
        return st.conductor;
    case 3: {
        uint32_t which = rng.next(); // drawn either way: the stream must not depend on timing
        return st.ndead > 0 ? st.dead[which % st.ndead] : stale_self;
    }
    case 4: {
        // Whoever holds a random slot now: a sibling, a syscall thread, nobody.
        envid_t id = envs[rng.below(NENV)].env_id;
        // Not one of our own kids: they are named only where they are made.
        bool ours = envs[ENVX(id)].env_parent_id == st.self;
        return ours ? id + (1 << ENVGENSHIFT) : id;
    }
    case 5:
        return static_cast<envid_t>(ENVX(st.self)); // the right slot, generation 0
    case 6:
        return stale_self;
    case 7:
        return -1;
    case 8:
        return static_cast<envid_t>(0x7fffffff);
    default:
        return static_cast<envid_t>(rng.next());
    }
}

uint32_t
fuzz_length(FuzzState& st)
{
    FuzzRng& rng = st.rng;
    if (st.on(FUZZ_BIGLEN) && rng.one_in(16)) {
        static const uint32_t big[] = {PGSIZE + 1, PTSIZE, 0x10000000, 0x7fffffff, 0xffffffff};
        return rng.pick(big);
    }
    static const uint32_t small[] = {0, 1, 2, 7, 16, 31};
    return rng.pick(small);
}

uint32_t
fuzz_perm(FuzzState& st)
{
    FuzzRng& rng = st.rng;
    switch (rng.below(4)) {
    case 0:
        return PTE_P | PTE_U;
    case 1:
        return PTE_P | PTE_U | PTE_W;
    case 2:
        return (PTE_P | PTE_U | rng.below(2) * PTE_W) | (rng.next() & PTE_AVAIL);
    default:
        return rng.next() & (rng.one_in(2) ? 0xfff : 0xffffffff); // PS, PWT, G... and junk
    }
}

uint32_t
fuzz_number(FuzzState& st)
{
    FuzzRng& rng = st.rng;
    constexpr uint32_t count = static_cast<uint32_t>(Syscall::count);
    if (rng.one_in(32))
        return rng.one_in(2) ? count + rng.below(4) : rng.next();
    return rng.below(count);
}

uint32_t
fuzz_ebp(FuzzState& st)
{
    FuzzRng& rng = st.rng;
    // The kernel's unmapped places: guard gaps, the LAPIC page's neighbours, past memory.
    static const uint32_t kernel[] = {KSTACKTOP - KSTKSIZE - 4,
                                      KSTACKTOP - KSTKSIZE - KSTKGAP,
                                      MMIOBASE + PGSIZE,
                                      ULIM,
                                      0xfffffffc,
                                      KERNBASE - 4};
    return rng.one_in(2) ? rng.pick(kernel) : ULIM + rng.below(0 - ULIM);
}

uint32_t
fuzz_user_ebp(FuzzState& st)
{
    if (st.on(FUZZ_EBP) && st.rng.one_in(4))
        return fuzz_ebp(st);
    return st.rng.one_in(2) ? st.rng.next() % ULIM
                            : fuzz_pointer(st, PointerUse::page, true) % ULIM;
}

// General registers: anything, but ebp only as the ebp class allows.
static void
random_regs(FuzzState& st, PushRegs& r)
{
    uint32_t* words = &r.reg_edi;
    for (int i = 0; i < 8; i++)
        words[i] = st.rng.one_in(2) ? st.rng.next() : st.rng.below(16);
    r.reg_ebp = fuzz_user_ebp(st);
}

void
fuzz_trapframe(FuzzState& st, Trapframe& tf, bool for_self)
{
    FuzzRng& rng = st.rng;
    random_regs(st, tf.tf_regs);
    tf.tf_es = static_cast<uint16_t>(rng.next());
    tf.tf_ds = static_cast<uint16_t>(rng.next());
    tf.tf_trapno = rng.next();
    tf.tf_err = rng.next();
    tf.tf_eip = fuzz_code_pointer(st, for_self);
    tf.tf_cs = static_cast<uint16_t>(rng.next());
    tf.tf_eflags = rng.next();
    if (!st.on(FUZZ_USERTRAP))
        tf.tf_eflags &= ~FL_TF;
    tf.tf_esp = rng.one_in(2) ? rng.next() : fuzz_pointer(st, PointerUse::page, true);
    tf.tf_ss = static_cast<uint16_t>(rng.next());
}
