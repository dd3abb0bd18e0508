// Looking up the user programs built into the kernel, and reading them in when
// the loader left them out (kern/kernel.ld): from QEMU's fw_cfg after a
// -kernel boot, from the boot disk after the boot sector's.

#include <kern/pmap.h>
#include <kern/fw_cfg.h>
#include <kern/programs.h>
#include <common/ata_pio.h>
#include <inc/elf.h>
#include <inc/string.h>

extern "C" {
extern UserProgram user_programs[];
extern const uint32_t user_program_count;
extern const uint8_t user_program_bytes_start[], user_program_bytes_end[]; // kern/kernel.ld
}

// The programs' segment of the kernel file, as the grade harness passes it to
// QEMU with the kernel (obj/kern/programs.bin; grade/machine.py).
static constexpr const char* PROGRAMS_FILE = "opt/flexjos/programs";

// The kernel file starts right after the boot sector on the boot disk.
constexpr uint32_t KERNEL_FILE_SECTOR = 1;

// Whole sectors are read straight into place, this many per disk command.
constexpr size_t READ_BATCH_SECTORS = 128;

UserProgram*
find_user_program(const char* name)
{
    for (uint32_t i = 0; i < user_program_count; i++) {
        if (strcmp(user_programs[i].name, name) == 0)
            return &user_programs[i];
    }
    return nullptr;
}

// Copies size bytes at offset of the kernel file on the boot disk to dst.
// Whole sectors inside [dst, dst + size) go straight there, many per command;
// a sector only partly wanted goes through a buffer, since writing it whole in
// place could spill past dst into data the kernel has changed since it booted.
static Error
read_kernel_file(uint32_t offset, uint8_t* dst, size_t size)
{
    static uint8_t sector[ATA_SECTOR_SIZE];
    while (size > 0) {
        uint32_t secno = KERNEL_FILE_SECTOR + offset / ATA_SECTOR_SIZE;
        size_t skip = offset % ATA_SECTOR_SIZE;
        size_t n;
        Error r;
        if (skip == 0 && size >= ATA_SECTOR_SIZE) {
            size_t nsecs = min(size / ATA_SECTOR_SIZE, READ_BATCH_SECTORS);
            n = nsecs * ATA_SECTOR_SIZE;
            r = ata_read(AtaDrive::master, secno, dst, nsecs);
        } else {
            n = min(size, static_cast<size_t>(ATA_SECTOR_SIZE - skip));
            r = ata_read(AtaDrive::master, secno, sector, 1);
            if (r == Error::ok)
                memcpy(dst, sector + skip, n);
        }
        if (r != Error::ok)
            return r;
        dst += n;
        offset += n;
        size -= n;
    }
    return Error::ok;
}

// The program header of the kernel file's on-demand segment, read from the
// boot disk, in ph. Errors: those of the disk; not_exec if there is none.
static Error
find_on_demand_segment(Elf32ProgramHeader& ph)
{
    Elf32Header elf;
    Error r = read_kernel_file(0, reinterpret_cast<uint8_t*>(&elf), sizeof(elf));
    if (r != Error::ok)
        return r;
    if (elf.e_magic != ELF_MAGIC)
        return Error::not_exec;
    for (uint32_t i = 0; i < elf.e_phnum; i++) {
        r = read_kernel_file(elf.e_phoff + i * sizeof(ph), reinterpret_cast<uint8_t*>(&ph),
                             sizeof(ph));
        if (r != Error::ok)
            return r;
        if (ph.p_type == ELF_PROG_LOAD && (ph.p_flags & ELF_PROG_FLAG_ON_DEMAND))
            return Error::ok;
    }
    return Error::not_exec;
}

// Whether the program's bytes are in memory: every embedded program is an ELF
// file, and memory the loaders left alone reads as zeros. (A loader that
// follows the kernel's ELF program headers, not its Multiboot addresses,
// loads them all.)
static bool
already_in_memory(const UserProgram& program)
{
    return program.end - program.start >= 4 && memcmp(program.start,
                                                      "\x7f"
                                                      "ELF",
                                                      4) == 0;
}

// Reads the program from the fw_cfg file that holds the kernel's program
// segment. Errors: not_exec if the file is not this kernel's programs (its
// size differs, or no ELF file is where the program should start); those of
// fw_cfg_read_at.
static Error
load_from_fw_cfg(UserProgram& program, const FwCfgFile& file)
{
    if (file.size != static_cast<uint32_t>(user_program_bytes_end - user_program_bytes_start))
        return Error::not_exec;
    Error r = fw_cfg_read_at(file, program.start - user_program_bytes_start,
                             const_cast<uint8_t*>(program.start), program.end - program.start);
    if (r != Error::ok)
        return r;
    return already_in_memory(program) ? Error::ok : Error::not_exec;
}

// Reads the program from the kernel file on the boot disk.
static Error
load_from_boot_disk(UserProgram& program)
{
    Elf32ProgramHeader ph;
    Error r = find_on_demand_segment(ph);
    if (r != Error::ok)
        return r;
    // The segment's place in memory is where this kernel was linked to find it.
    auto va = reinterpret_cast<uintptr_t>(program.start);
    size_t size = program.end - program.start;
    if (va < ph.p_va || va - ph.p_va > ph.p_filesz || size > ph.p_filesz - (va - ph.p_va))
        return Error::not_exec;
    return read_kernel_file(ph.p_offset + (va - ph.p_va), reinterpret_cast<uint8_t*>(va), size);
}

const char*
user_program_source()
{
    FwCfgFile file;
    if (fw_cfg_find(PROGRAMS_FILE, file))
        return "QEMU's fw_cfg file opt/flexjos/programs";
    if (fw_cfg_present()) // perhaps QEMU's -kernel, with no boot disk
        return "the boot disk (with -kernel, also pass QEMU "
               "-fw_cfg name=opt/flexjos/programs,file=obj/kern/programs.bin)";
    return "the boot disk";
}

Error
user_program_load(UserProgram& program)
{
    if (program.loaded || already_in_memory(program)) {
        program.loaded = 1;
        return Error::ok;
    }
    FwCfgFile file;
    Error r = fw_cfg_find(PROGRAMS_FILE, file) ? load_from_fw_cfg(program, file)
                                               : load_from_boot_disk(program);
    if (r == Error::ok)
        program.loaded = 1;
    return r;
}
