// Monitor commands for looking at memory: showmappings, setperm, clearperm, dumpmem.
// They read the page directory in CR3 and never touch an unmapped address.

#include <kern/monitor.h>
#include <kern/pmap.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

// Parses a whole argument as a number (0x.. hex, 0.. octal, else decimal).
static bool
parse_number(const char* arg, uint32_t& value)
{
    const char* rest;
    value = static_cast<uint32_t>(strtol(arg, &rest, 0));
    return *arg != '\0' && *rest == '\0';
}

[[maybe_unused]] static pde_t*
current_pgdir()
{
    return static_cast<pde_t*>(kaddr(PhysAddr(PTE_ADDR(rcr3()))));
}

namespace {
struct PermBit {
    const char* name;
    uint32_t bit;
};
} // namespace

// The bits showmappings names, and (all but P, A, D, PS) the ones setperm/clearperm change.
static constexpr PermBit perm_bits[] = {
    {"P", PTE_P}, {"W", PTE_W}, {"U", PTE_U},   {"PWT", PTE_PWT}, {"PCD", PTE_PCD},
    {"A", PTE_A}, {"D", PTE_D}, {"PS", PTE_PS}, {"G", PTE_G},     {"AVAIL", PTE_AVAIL},
};
static constexpr uint32_t CHANGEABLE = PTE_W | PTE_U | PTE_PWT | PTE_PCD | PTE_G | PTE_AVAIL;

static void
print_perm(uint32_t entry)
{
    for (const PermBit& p : perm_bits) {
        if (entry & p.bit)
            cprintf(" %s", p.name);
    }
}

// The entry that maps va (a 4 MiB directory entry or a page table entry), or nullptr.
static uint32_t*
mapping_entry(pde_t* pgdir, uintptr_t va)
{
    pde_t& pde = pgdir[PDX(va)];
    if (!(pde & PTE_P))
        return nullptr;
    if (pde & PTE_PS)
        return &pde;
    pte_t* pte = pgdir_walk(pgdir, VirtAddr(va), false);
    return pte != nullptr && (*pte & PTE_P) ? pte : nullptr;
}

// Prints the mapping of the page (or large page) at va; returns the size it covers.
[[maybe_unused]] static uint32_t
show_one(pde_t* pgdir, uintptr_t va)
{
    uint32_t* entry = mapping_entry(pgdir, va);
    if (entry == nullptr)
        return 0;
    bool large = *entry & PTE_PS;
    uint32_t size = large ? PTSIZE : PGSIZE;
    uintptr_t start = va & ~(size - 1);
    uint32_t pa = large ? (*entry & ~(PTSIZE - 1)) : PTE_ADDR(*entry);
    cprintf("%08x-%08x -> %08x %s", start, start + size - 1, pa, large ? "4M" : "4K");
    print_perm(*entry);
    cprintf("\n");
    return size;
}

int
mon_showmappings(int argc, char** argv, Trapframe*)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: showmappings <va> [<last-va>]: one line per page (or 4 MiB page) with its physical
    //       address and permission bits, runs of unmapped pages collapsed. Exercise 6,
    //       doc/labs/lab2.md.
    uint32_t first, last;
    if (argc < 2 || argc > 3 || !parse_number(argv[1], first) ||
        !parse_number(argc == 3 ? argv[2] : argv[1], last) || last < first) {
        cprintf("Usage: showmappings <va> [<last-va>]   (addresses in hex as 0x..., or decimal)\n");
        return 0;
    }
    pde_t* pgdir = current_pgdir();
    uint64_t va = first & ~(PGSIZE - 1u);
    while (va <= last) {
        uint32_t covered = show_one(pgdir, static_cast<uintptr_t>(va));
        if (covered != 0) {
            va = (va & ~static_cast<uint64_t>(covered - 1)) + covered;
            continue;
        }
        // Collapse a run of unmapped pages into one line.
        uint64_t run_start = va;
        while (va <= last && mapping_entry(pgdir, static_cast<uintptr_t>(va)) == nullptr)
            va += (pgdir[PDX(static_cast<uintptr_t>(va))] & PTE_P) ? PGSIZE : PTSIZE - va % PTSIZE;
        uint64_t run_end = min(va - 1, static_cast<uint64_t>(last | (PGSIZE - 1)));
        cprintf("%08x-%08x    not mapped\n", static_cast<uint32_t>(run_start),
                static_cast<uint32_t>(run_end));
    }
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, argc, argv);
    // LAB 2: END SOLUTION
    return 0;
}

// Parses permission names (W U PWT PCD G AVAIL) or a number into bits.
[[maybe_unused]] static bool
parse_perm(int argc, char** argv, uint32_t& bits)
{
    bits = 0;
    for (int i = 0; i < argc; i++) {
        uint32_t value;
        bool known = false;
        for (const PermBit& p : perm_bits) {
            if (strcmp(argv[i], p.name) == 0 && (p.bit & CHANGEABLE)) {
                bits |= p.bit;
                known = true;
            }
        }
        if (!known && parse_number(argv[i], value) && (value & ~CHANGEABLE) == 0) {
            bits |= value;
            known = true;
        }
        if (!known)
            return false;
    }
    return bits != 0;
}

// setperm and clearperm: set or clear permission bits of the page mapping va.
static int
change_perm(int argc, char** argv, bool set)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: set (set) or clear the given permission bits of va's PTE, then invalidate its TLB
    //       entry and show the mapping. Exercise 6, doc/labs/lab2.md.
    uint32_t va, bits;
    if (argc < 3 || !parse_number(argv[1], va) || !parse_perm(argc - 2, argv + 2, bits)) {
        cprintf("Usage: %s <va> <perm>...   perm: W U PWT PCD G AVAIL, or a number of those bits\n",
                argv[0]);
        return 0;
    }
    pde_t* pgdir = current_pgdir();
    uint32_t* entry = mapping_entry(pgdir, va);
    if (entry == nullptr) {
        cprintf("%08x is not mapped\n", va);
        return 0;
    }
    *entry = set ? (*entry | bits) : (*entry & ~bits);
    tlb_invalidate(pgdir, VirtAddr(va));
    show_one(pgdir, va);
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, argc, argv, set);
    // LAB 2: END SOLUTION
    return 0;
}

int
mon_setperm(int argc, char** argv, Trapframe*)
{
    return change_perm(argc, argv, true);
}

int
mon_clearperm(int argc, char** argv, Trapframe*)
{
    return change_perm(argc, argv, false);
}

// dumpmem [-p] <addr> [<bytes>]: 16 bytes a line. Virtual addresses are read
// only where the current page directory maps them; physical ones only below
// the end of physical memory, through the direct map.
int
mon_dumpmem(int argc, char** argv, Trapframe*)
{
    // LAB 2: BEGIN SOLUTION
    // HINT: dumpmem [-p] <addr> [<bytes>]: 16 bytes a line; "--" where nothing is mapped or
    //       beyond physical memory (read physical memory through kaddr). Exercise 6,
    //       doc/labs/lab2.md.
    bool physical = argc > 1 && strcmp(argv[1], "-p") == 0;
    int first_arg = physical ? 2 : 1;
    uint32_t addr, length = 64;
    if (argc < first_arg + 1 || argc > first_arg + 2 || !parse_number(argv[first_arg], addr) ||
        (argc == first_arg + 2 && !parse_number(argv[first_arg + 1], length)) || length == 0 ||
        length > 64 * 1024) {
        cprintf(
            "Usage: dumpmem [-p] <addr> [<bytes>]   (-p: physical address; at most 65536 bytes)\n");
        return 0;
    }
    pde_t* pgdir = current_pgdir();
    uint64_t end = static_cast<uint64_t>(addr) + length;
    for (uint64_t line = addr & ~15u; line < end; line += 16) {
        cprintf("%s%08x:", physical ? "pa " : "", static_cast<uint32_t>(line));
        for (uint64_t a = line; a < line + 16; a++) {
            uint32_t a32 = static_cast<uint32_t>(a);
            if (a < addr || a >= end)
                cprintf("   ");
            else if (physical && a32 / PGSIZE < npages)
                cprintf(" %02x", *static_cast<uint8_t*>(kaddr(PhysAddr(a32))));
            else if (!physical && va2pa(pgdir, VirtAddr(a32)).ok())
                cprintf(" %02x", *reinterpret_cast<volatile uint8_t*>(a32));
            else
                cprintf(" --"); // not mapped, or beyond physical memory
        }
        cprintf("\n");
    }
    // LAB 2: STUB
    // NOT_IMPLEMENTED(2, argc, argv);
    // LAB 2: END SOLUTION
    return 0;
}
