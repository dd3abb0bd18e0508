// Loading an ELF program into a new environment's address space.

#include <kern/env.h>
#include <kern/pmap.h>
#include <inc/elf.h>
#include <inc/mmu.h>
#include <inc/stdio.h>
#include <inc/string.h>

// Maps zeroed pages, writable by the user, over [va, va+len).
[[maybe_unused]] static Error
region_alloc(Env* e, uintptr_t va, size_t len)
{
    // LAB 3: BEGIN SOLUTION
    // HINT: map zeroed user-writable pages over [va, va+len), rounded out to pages; skip pages
    //       already mapped (segments share pages); Error::no_mem when out of memory. Exercise 2,
    //       doc/labs/lab3.md.
    uintptr_t start = round_down(va, PGSIZE);
    uintptr_t end = round_up(va + len, PGSIZE);
    for (uintptr_t a = start; a < end; a += PGSIZE) {
        if (page_lookup(e->env_pgdir, VirtAddr(a)) != nullptr)
            continue; // segments may share a page
        PageInfo* pp = page_alloc(ALLOC_ZERO);
        if (pp == nullptr)
            return Error::no_mem;
        if (page_insert(e->env_pgdir, pp, VirtAddr(a), PTE_U | PTE_W) != Error::ok) {
            page_free(pp);
            return Error::no_mem;
        }
    }
    return Error::ok;
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, e, va, len);
    // LAB 3: END SOLUTION
}

// Copies len bytes into e's memory at va, page by page through the kernel's
// direct map (so no switch of address space is needed).
static void
copy_to_env(Env* e, uintptr_t va, const uint8_t* src, size_t len)
{
    while (len > 0) {
        PageInfo* pp = page_lookup(e->env_pgdir, VirtAddr(va));
        assert(pp != nullptr);
        size_t n = min(len, static_cast<size_t>(PGSIZE - PGOFF(va)));
        memcpy(static_cast<uint8_t*>(page2kva(pp)) + PGOFF(va), src, n);
        va += n;
        src += n;
        len -= n;
    }
}

// Checks that an ELF image is an i386 executable whose loadable segments lie
// inside the file and below UTOP.
[[maybe_unused]] static bool
elf_is_loadable(const uint8_t* binary, size_t size)
{
    auto* elf = reinterpret_cast<const Elf32Header*>(binary);
    if (size < sizeof(Elf32Header) || elf->e_magic != ELF_MAGIC)
        return false;
    uint64_t ph_end =
        elf->e_phoff + static_cast<uint64_t>(elf->e_phnum) * sizeof(Elf32ProgramHeader);
    if (ph_end > size)
        return false;
    auto* ph = reinterpret_cast<const Elf32ProgramHeader*>(binary + elf->e_phoff);
    for (int i = 0; i < elf->e_phnum; i++) {
        if (ph[i].p_type != ELF_PROG_LOAD)
            continue;
        if (ph[i].p_filesz > ph[i].p_memsz ||
            static_cast<uint64_t>(ph[i].p_offset) + ph[i].p_filesz > size ||
            static_cast<uint64_t>(ph[i].p_va) + ph[i].p_memsz > UTOP)
            return false;
    }
    return elf->e_entry < UTOP;
}

// Loads the program's segments, gives it a one-page stack and sets its entry point.
static Error
load_icode(Env* e, const uint8_t* binary, size_t size)
{
    // LAB 3: BEGIN SOLUTION
    // HINT: check the ELF header (elf_is_loadable), region_alloc and copy each ELF_PROG_LOAD
    //       segment (copy_to_env; the rest of p_memsz stays zero), set tf_eip to e_entry, and map
    //       one stack page below USTACKTOP. Exercise 2, doc/labs/lab3.md.
    if (!elf_is_loadable(binary, size))
        return Error::not_exec;
    auto* elf = reinterpret_cast<const Elf32Header*>(binary);
    auto* ph = reinterpret_cast<const Elf32ProgramHeader*>(binary + elf->e_phoff);
    for (int i = 0; i < elf->e_phnum; i++) {
        if (ph[i].p_type != ELF_PROG_LOAD || ph[i].p_memsz == 0)
            continue;
        Error err = region_alloc(e, ph[i].p_va, ph[i].p_memsz);
        if (err != Error::ok)
            return err;
        // The rest of the segment (BSS) stays zero from region_alloc.
        copy_to_env(e, ph[i].p_va, binary + ph[i].p_offset, ph[i].p_filesz);
    }
    e->env_tf.tf_eip = elf->e_entry;
    return region_alloc(e, USTACKTOP - PGSIZE, PGSIZE);
    // LAB 3: STUB
    // NOT_IMPLEMENTED(3, e, binary, size);
    // LAB 3: END SOLUTION
}

// Puts argc and argv on e's stack the way spawn does (lib/spawn.cpp), so the
// program's entry finds them: the strings at the top, then the argv array,
// then argv and argc for libmain. They must fit in 1 KiB.
static Error
push_args(Env* e, const char* const* argv)
{
    uint8_t frame[1024];
    size_t argc = 0, string_size = 0;
    for (; argv[argc] != nullptr; argc++)
        string_size += strlen(argv[argc]) + 1;
    // Strings, alignment, the array with its terminator, argv and argc.
    if (string_size + 3 + 4 * (argc + 1) + 8 > sizeof(frame))
        return Error::inval;
    size_t array_offset = round_down(sizeof(frame) - string_size, 4) - 4 * (argc + 1);
    uintptr_t base = USTACKTOP - sizeof(frame); // the user address of frame[0]

    auto* array = reinterpret_cast<uint32_t*>(frame + array_offset);
    size_t string_offset = sizeof(frame) - string_size;
    for (size_t i = 0; i < argc; i++) {
        array[i] = static_cast<uint32_t>(base + string_offset);
        strcpy(reinterpret_cast<char*>(frame + string_offset), argv[i]);
        string_offset += strlen(argv[i]) + 1;
    }
    array[argc] = 0;
    array[-1] = static_cast<uint32_t>(base + array_offset); // argv
    array[-2] = static_cast<uint32_t>(argc);
    size_t top = array_offset - 8;
    copy_to_env(e, base + top, frame + top, sizeof(frame) - top);
    e->env_tf.tf_esp = base + top;
    return Error::ok;
}

Result<Env*>
env_create(const uint8_t* binary, size_t size, EnvType type, const char* const* argv)
{
    Result<Env*> r = env_alloc(0);
    if (!r.ok())
        return r;
    Env* e = r.value();
    Error err = load_icode(e, binary, size);
    if (err == Error::ok && argv != nullptr)
        err = push_args(e, argv);
    if (err != Error::ok) {
        env_free(e);
        return err;
    }
    e->env_type = type;
    // The file server drives the disk itself: I/O privilege lets it use in/out.
    if (type == ENV_TYPE_FS)
        e->env_tf.tf_eflags |= FL_IOPL_3;
    return e;
}
