// spawn: start a program from the file system in a new environment, with
// arguments. Unlike fork, the child gets a fresh address space: the program's
// segments, a stack holding argc and argv, and the pages the parent shares
// (PTE_SHARE: file descriptors), then starts at the program's entry point.

#include <inc/elf.h>
#include <inc/lib.h>

static constexpr size_t MAXARGS = 32;

// Builds the child's first stack page in UTEMP and maps it at USTACKTOP - PGSIZE:
// the argument strings at the top, then the argv array, then argv and argc,
// as _start (lib/entry.S) expects. Sets *esp to the child's initial esp.
static int
init_stack(envid_t child, const char** argv, uintptr_t* esp)
{
    size_t argc = 0, string_size = 0;
    for (; argv[argc] != nullptr; argc++) {
        if (argc == MAXARGS)
            return to_int(Error::inval);
        string_size += strlen(argv[argc]) + 1;
    }
    // Where things go in the UTEMP window, and the child's address for each.
    char* strings = reinterpret_cast<char*>(UTEMP + PGSIZE - string_size);
    uintptr_t* array =
        reinterpret_cast<uintptr_t*>(round_down(reinterpret_cast<uintptr_t>(strings), 4)) -
        (argc + 1);
    if (reinterpret_cast<uintptr_t>(array - 2) < UTEMP)
        return to_int(Error::no_mem); // the arguments do not fit in one page
    auto child_addr = [](const void* p) {
        return reinterpret_cast<uintptr_t>(p) - UTEMP + (USTACKTOP - PGSIZE);
    };

    int r = sys_page_alloc(0, reinterpret_cast<void*>(UTEMP), PTE_P | PTE_U | PTE_W);
    if (r < 0)
        return r;
    for (size_t i = 0; i < argc; i++) {
        array[i] = child_addr(strings);
        strcpy(strings, argv[i]);
        strings += strlen(argv[i]) + 1;
    }
    array[argc] = 0;
    array[-1] = child_addr(array); // argv
    array[-2] = argc;
    *esp = child_addr(array - 2);

    r = sys_page_map(0, reinterpret_cast<void*>(UTEMP), child,
                     reinterpret_cast<void*>(USTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
    sys_page_unmap(0, reinterpret_cast<void*>(UTEMP));
    return r;
}

// Maps a segment into the child: file bytes [offset, offset+filesz) at va, zeros up to memsz.
static int
map_segment(envid_t child, uintptr_t va, size_t memsz, int fd, size_t filesz, off_t offset,
            int perm)
{
    uint32_t skew = PGOFF(va);
    va -= skew;
    memsz += skew;
    filesz += skew;
    offset -= skew;
    for (size_t i = 0; i < memsz; i += PGSIZE) {
        int r;
        void* dst = reinterpret_cast<void*>(va + i);
        if (i >= filesz) {
            if ((r = sys_page_alloc(child, dst, perm)) < 0)
                return r;
            continue;
        }
        void* temp = reinterpret_cast<void*>(UTEMP);
        if ((r = sys_page_alloc(0, temp, PTE_P | PTE_U | PTE_W)) < 0)
            return r;
        size_t n = min(static_cast<size_t>(PGSIZE), filesz - i);
        if ((r = seek(fd, offset + static_cast<off_t>(i))) >= 0 && (r = readn(fd, temp, n)) >= 0 &&
            static_cast<size_t>(r) != n)
            r = to_int(Error::not_exec); // the file shrank since it was checked
        if (r < 0 || (r = sys_page_map(0, temp, child, dst, perm)) < 0) {
            sys_page_unmap(0, temp);
            return r;
        }
        sys_page_unmap(0, temp);
    }
    return 0;
}

// Shares every PTE_SHARE page with the child (file descriptors and their data).
static int
copy_shared_pages(envid_t child)
{
    // LAB 5: BEGIN SOLUTION
    // HINT: map every PTE_SHARE page below UTOP into child at the same address.
    //       Exercise 8, doc/labs/lab5.md.
    for (uintptr_t va = 0; va < UTOP; va += PGSIZE) {
        if (!(uvpd[PDX(va)] & PTE_P)) {
            va += PTSIZE - PGSIZE;
            continue;
        }
        pte_t pte = uvpt[PGNUM(va)];
        if ((pte & PTE_P) && (pte & PTE_SHARE)) {
            int r = sys_page_map(0, reinterpret_cast<void*>(va), child, reinterpret_cast<void*>(va),
                                 pte & PTE_SYSCALL);
            if (r < 0)
                return r;
        }
    }
    return 0;
    // LAB 5: STUB
    // NOT_IMPLEMENTED(5, child);
    // LAB 5: END SOLUTION
}

// Whether [va, end) and [lo, lo + PGSIZE) share a byte.
static bool
covers_page(uint64_t va, uint64_t end, uintptr_t lo)
{
    return va < lo + PGSIZE && end > lo;
}

// Why a loadable segment cannot be loaded, or nullptr. Segments live in the
// program area, from UTEXT up to the file descriptor table: above it are the
// pages spawn and the library put there (shared descriptors, the stacks).
static const char*
segment_problem(const Elf32ProgramHeader& ph, uint32_t file_size)
{
    // 64-bit sums, so a huge size cannot wrap around to a small end.
    uint64_t end = static_cast<uint64_t>(ph.p_va) + ph.p_memsz;
    if (ph.p_filesz > ph.p_memsz)
        return "a segment has more bytes in the file than in memory";
    if (end > (1ull << 32))
        return "a segment wraps around the end of the address space";
    if (ph.p_va < UTEXT)
        return "a segment starts below UTEXT";
    if (covers_page(ph.p_va, end, USTACKTOP - PGSIZE))
        return "a segment covers the child's stack";
    if (covers_page(ph.p_va, end, UXSTACKTOP - PGSIZE))
        return "a segment covers the child's exception stack";
    if (end > FDTABLE)
        return "a segment reaches above the program area (descriptor table, stacks, kernel)";
    if (ph.p_offset < PGOFF(ph.p_va))
        return "a segment's file offset is smaller than its offset in its page";
    if (static_cast<uint64_t>(ph.p_offset) + ph.p_filesz > file_size)
        return "a segment's bytes run past the end of the file";
    return nullptr;
}

// Why the executable cannot be loaded, or nullptr if it can. header holds
// the file's first have bytes; file_size is its length.
static const char*
elf_problem(const uint8_t* header, size_t have, uint32_t file_size)
{
    auto* elf = reinterpret_cast<const Elf32Header*>(header);
    if (have < sizeof(Elf32Header))
        return "shorter than an ELF header";
    if (elf->e_magic != ELF_MAGIC)
        return "not an ELF file (bad magic number)";
    if (elf->e_phentsize != sizeof(Elf32ProgramHeader))
        return "program headers are not 32 bytes each";
    // Divided, not multiplied and added: e_phoff near 2^32 must not wrap.
    if (elf->e_phoff > have || elf->e_phnum > (have - elf->e_phoff) / sizeof(Elf32ProgramHeader))
        return "the program headers are not within the file's first 512 bytes";
    auto* ph = reinterpret_cast<const Elf32ProgramHeader*>(header + elf->e_phoff);
    bool loads = false, entry_loaded = false;
    for (int i = 0; i < elf->e_phnum; i++) {
        if (ph[i].p_type != ELF_PROG_LOAD)
            continue;
        if (const char* problem = segment_problem(ph[i], file_size))
            return problem;
        loads = true;
        entry_loaded |= elf->e_entry >= ph[i].p_va && elf->e_entry - ph[i].p_va < ph[i].p_memsz;
    }
    if (!loads)
        return "no loadable segment";
    if (!entry_loaded)
        return "the entry point is in no loadable segment";
    return nullptr;
}

// Checks the executable (printing why it is refused), then loads it.
// Errors: not_exec, and those of the file and memory calls.
static int
load_program(envid_t child, int fd, const char* path, Trapframe* tf, const char** argv)
{
    alignas(4) static uint8_t header[512]; // static: the stack is one page
    Stat stat;
    int r = fstat(fd, &stat);
    ssize_t have = r < 0 ? r : readn(fd, header, sizeof(header));
    if (have < 0)
        return static_cast<int>(have);
    if (const char* problem = elf_problem(header, have, stat.st_size)) {
        cprintf("spawn: %s: %s\n", path, problem);
        return to_int(Error::not_exec);
    }
    auto* elf = reinterpret_cast<Elf32Header*>(header);
    tf->tf_eip = elf->e_entry;
    r = init_stack(child, argv, &tf->tf_esp);
    if (r < 0)
        return r;
    auto* ph = reinterpret_cast<Elf32ProgramHeader*>(header + elf->e_phoff);
    for (int i = 0; i < elf->e_phnum; i++) {
        if (ph[i].p_type != ELF_PROG_LOAD)
            continue;
        int perm = PTE_P | PTE_U | ((ph[i].p_flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0);
        r = map_segment(child, ph[i].p_va, ph[i].p_memsz, fd, ph[i].p_filesz, ph[i].p_offset, perm);
        if (r < 0)
            return r;
    }
    return 0;
}

envid_t
spawn(const char* path, const char** argv)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fd;
    envid_t child = sys_exofork();
    if (child < 0) {
        close(fd);
        return child;
    }
    // (The child never runs this code: its registers are replaced below.)
    Trapframe tf;
    memcpy(&tf, const_cast<const Trapframe*>(&envs[ENVX(child)].env_tf), sizeof(tf));
    int r = load_program(child, fd, path, &tf, argv);
    close(fd);
    if (r >= 0)
        r = copy_shared_pages(child);
    if (r >= 0)
        r = sys_env_set_trapframe(child, &tf);
    if (r >= 0)
        r = sys_env_set_status(child, ENV_RUNNABLE);
    if (r < 0) {
        sys_env_destroy(child);
        return r;
    }
    return child;
}

envid_t
spawnl(const char* path, const char* arg0, ...)
{
    const char* argv[MAXARGS + 1];
    argv[0] = arg0;
    va_list ap;
    va_start(ap, arg0);
    size_t argc = 1;
    if (arg0 != nullptr) {
        while (argc < MAXARGS && (argv[argc] = va_arg(ap, const char*)) != nullptr)
            argc++;
    }
    va_end(ap);
    argv[argc] = nullptr;
    return spawn(path, argv);
}
