// The file server's disk: disk 1, the slave drive on the primary channel,
// driven by programmed I/O with polling (common/ata_pio.h). The server may
// touch the channel's ports only because the kernel runs it with IOPL 3.

#include <common/ata_pio.h>

#include "fs.h"

static_assert(SECTSIZE == ATA_SECTOR_SIZE);

// Disk 1's size in sectors, from IDENTIFY.
static uint32_t disk_sectors;

uint32_t
ide_init()
{
    disk_sectors = ata_identify(AtaDrive::slave);
    if (disk_sectors == 0)
        panic("ide: no ATA disk 1 (primary slave); is fs.img attached with index=1?");
    return disk_sectors;
}

// Whether [secno, secno+nsecs) is a request the disk can take.
static bool
request_fits(uint32_t secno, size_t nsecs)
{
    return nsecs != 0 && nsecs <= ATA_MAX_SECTORS && secno < disk_sectors &&
           nsecs <= disk_sectors - secno;
}

Error
ide_read(uint32_t secno, void* dst, size_t nsecs)
{
    if (!request_fits(secno, nsecs))
        return Error::inval;
    return ata_read(AtaDrive::slave, secno, dst, nsecs);
}

Error
ide_write(uint32_t secno, const void* src, size_t nsecs)
{
    if (!request_fits(secno, nsecs))
        return Error::inval;
    return ata_write(AtaDrive::slave, secno, src, nsecs);
}
