// ATA disks on the primary channel by programmed I/O: polled, no interrupts,
// 28-bit LBA. The kernel reads the boot disk (the master: boot sector, then the
// kernel file) while it boots; the file server drives its disk (the slave) from
// then on. The caller must own the I/O ports: ring 0, or a server run with IOPL 3.
#pragma once

#include <inc/error.h>
#include <inc/types.h>

constexpr uint32_t ATA_SECTOR_SIZE = 512;
constexpr size_t ATA_MAX_SECTORS = 256; // per command

// The drive-select values: LBA mode (bit 6; bits 7 and 5 are always 1), slave bit 4.
enum class AtaDrive : uint8_t { master = 0xE0, slave = 0xF0 };

// The drive's size in sectors (28-bit LBA, from IDENTIFY), or 0 if it does not
// answer like an ATA disk.
uint32_t ata_identify(AtaDrive drive);

// Move nsecs (1..ATA_MAX_SECTORS) sectors from or to sector secno. Errors:
// unspecified (the drive reported a fault, or did not answer in time).
Error ata_read(AtaDrive drive, uint32_t secno, void* dst, size_t nsecs);
Error ata_write(AtaDrive drive, uint32_t secno, const void* src, size_t nsecs);
