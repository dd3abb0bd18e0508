// Boot sector, part 2: load the kernel ELF that starts at disk sector 1 and jump
// to its entry point. Everything here must fit, with boot.S, in 510 bytes.

#include <inc/elf.h>
#include <inc/x86.h>

static constexpr uint32_t SECTSIZE = 512;
static constexpr uint32_t ATA_DATA = 0x1F0;
static constexpr uint32_t ATA_COUNT = 0x1F2;
static constexpr uint32_t ATA_LBA0 = 0x1F3;
static constexpr uint32_t ATA_STATUS = 0x1F7; // also the command register when written
static constexpr uint8_t ATA_BUSY = 0x80;
static constexpr uint8_t ATA_READY = 0x40;
static constexpr uint8_t ATA_CMD_READ = 0x20;

// The first 4 KiB of the kernel file (ELF and program headers) are read here.
static auto* const elf_header = reinterpret_cast<Elf32Header*>(0x10000);

static void
wait_disk()
{
    while ((inb(ATA_STATUS) & (ATA_BUSY | ATA_READY)) != ATA_READY)
        ;
}

// Reads one sector by 28-bit LBA from the primary ATA master, by programmed I/O.
static void
read_sector(void* dst, uint32_t sector)
{
    wait_disk();
    outb(ATA_COUNT, 1);
    outb(ATA_LBA0, sector);
    outb(ATA_LBA0 + 1, sector >> 8);
    outb(ATA_LBA0 + 2, sector >> 16);
    outb(ATA_LBA0 + 3, (sector >> 24) | 0xE0); // LBA mode, master drive
    outb(ATA_STATUS, ATA_CMD_READ);
    wait_disk();
    insl(ATA_DATA, dst, SECTSIZE / 4);
}

// Reads count bytes at kernel-file offset into physical memory at pa. The read may
// start a little before pa (whole sectors), which is harmless below the segment.
static void
read_segment(uint32_t pa, uint32_t count, uint32_t offset)
{
    uint32_t end = pa + count;
    pa -= offset % SECTSIZE;
    uint32_t sector = offset / SECTSIZE + 1; // the kernel starts at sector 1
    for (; pa < end; pa += SECTSIZE, sector++)
        read_sector(reinterpret_cast<void*>(pa), sector);
}

extern "C" void bootmain();

extern "C" void
bootmain()
{
    read_segment(reinterpret_cast<uint32_t>(elf_header), 4096, 0);
    if (elf_header->e_magic != ELF_MAGIC)
        return;

    auto* ph = reinterpret_cast<Elf32ProgramHeader*>(reinterpret_cast<uint8_t*>(elf_header) +
                                                     elf_header->e_phoff);
    for (auto* end = ph + elf_header->e_phnum; ph < end; ph++) {
        // The embedded user programs are most of the file: the kernel reads the
        // ones it runs itself, so booting costs the kernel proper.
        if (ph->p_type == ELF_PROG_LOAD && !(ph->p_flags & ELF_PROG_FLAG_ON_DEMAND))
            read_segment(ph->p_pa, ph->p_filesz, ph->p_offset);
    }
    // The kernel zeroes its own BSS; the entry point is a physical address.
    reinterpret_cast<void (*)()>(elf_header->e_entry)();
}
