// Reading the boot-argument sector from the secondary IDE channel's master
// disk by polled PIO (ATA command READ SECTORS, LBA 0). The kernel has no IDE
// driver (the file server has one, for the primary channel); this reads one
// sector, once, before any environment runs, so polling is enough.

#include <kern/bootargs_disk.h>
#include <inc/string.h>
#include <inc/x86.h>

static constexpr uint16_t ATA2_DATA = 0x170;
static constexpr uint16_t ATA2_SECTOR_COUNT = 0x172;
static constexpr uint16_t ATA2_LBA_LOW = 0x173;
static constexpr uint16_t ATA2_LBA_MID = 0x174;
static constexpr uint16_t ATA2_LBA_HIGH = 0x175;
static constexpr uint16_t ATA2_DRIVE = 0x176;
static constexpr uint16_t ATA2_STATUS_COMMAND = 0x177;

static constexpr uint8_t ATA_DRIVE_MASTER_LBA = 0xE0;
static constexpr uint8_t ATA_CMD_READ_SECTORS = 0x20;
static constexpr uint8_t ATA_STATUS_ERR = 0x01;
static constexpr uint8_t ATA_STATUS_DRQ = 0x08;
static constexpr uint8_t ATA_STATUS_BSY = 0x80;
static constexpr uint32_t SECTOR_SIZE = 512;

// Polls until the drive has data for us. A missing drive reads as 0xFF (floating
// bus) or 0x00 (a channel with no drive) and never raises DRQ, hence the bound.
static bool
wait_for_data()
{
    for (int i = 0; i < 1000000; i++) {
        uint8_t status = inb(ATA2_STATUS_COMMAND);
        if (status == 0xFF || (status & ATA_STATUS_ERR))
            return false;
        if (!(status & ATA_STATUS_BSY) && (status & ATA_STATUS_DRQ))
            return true;
    }
    return false;
}

bool
bootargs_from_disk(char* buf, uint32_t len)
{
    if (inb(ATA2_STATUS_COMMAND) == 0xFF)
        return false; // no secondary channel at all
    outb(ATA2_DRIVE, ATA_DRIVE_MASTER_LBA);
    outb(ATA2_SECTOR_COUNT, 1);
    outb(ATA2_LBA_LOW, 0);
    outb(ATA2_LBA_MID, 0);
    outb(ATA2_LBA_HIGH, 0);
    outb(ATA2_STATUS_COMMAND, ATA_CMD_READ_SECTORS);
    if (!wait_for_data())
        return false;

    static char sector[SECTOR_SIZE];
    insl(ATA2_DATA, sector, SECTOR_SIZE / 4);
    uint32_t magic_len = sizeof(BOOTARGS_DISK_MAGIC) - 1;
    if (memcmp(sector, BOOTARGS_DISK_MAGIC, magic_len) != 0)
        return false;
    sector[SECTOR_SIZE - 1] = '\0';
    strlcpy(buf, sector + magic_len, len);
    return true;
}
