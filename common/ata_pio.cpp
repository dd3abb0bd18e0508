// ATA programmed I/O (common/ata_pio.h).

#include <common/ata_pio.h>
#include <inc/x86.h>

// The primary channel's command block registers.
constexpr uint16_t ATA_DATA = 0x1F0;     // 16-bit data port; insl/outsl move two words at a time
constexpr uint16_t ATA_SECCOUNT = 0x1F2; // sectors to move; 0 means 256
constexpr uint16_t ATA_LBA_LOW = 0x1F3;  // LBA bits 0-7
constexpr uint16_t ATA_LBA_MID = 0x1F4;  // LBA bits 8-15
constexpr uint16_t ATA_LBA_HIGH = 0x1F5; // LBA bits 16-23
constexpr uint16_t ATA_DRIVE = 0x1F6;    // the AtaDrive value, LBA bits 24-27 in the low nibble
constexpr uint16_t ATA_STATUS = 0x1F7;   // read: status
constexpr uint16_t ATA_COMMAND = 0x1F7;  // write: command
// The control block's alternate status: the status without side effects.
constexpr uint16_t ATA_ALT_STATUS = 0x3F6;

// Status bits.
constexpr uint8_t ATA_BSY = 0x80;  // busy: the other bits are not valid yet
constexpr uint8_t ATA_DRDY = 0x40; // ready for a command
constexpr uint8_t ATA_DF = 0x20;   // drive fault
constexpr uint8_t ATA_DRQ = 0x08;  // ready to move a sector through ATA_DATA
constexpr uint8_t ATA_ERR = 0x01;  // the last command failed

constexpr uint8_t ATA_CMD_READ = 0x20;     // READ SECTORS (PIO, 28-bit LBA)
constexpr uint8_t ATA_CMD_WRITE = 0x30;    // WRITE SECTORS
constexpr uint8_t ATA_CMD_IDENTIFY = 0xEC; // 256 words describing the drive

// How many times to poll the status before deciding the drive is gone. Under
// QEMU a request took up to about 30,000 polls (measured with testfile on two
// CPUs); this allows several hundred times that.
constexpr uint32_t POLL_LIMIT = 10'000'000;

// Waits until the drive is neither busy nor missing `want`. Errors:
// unspecified (fault or error bit, or no answer within POLL_LIMIT polls).
static Error
wait_status(uint8_t want)
{
    for (uint32_t i = 0; i < POLL_LIMIT; i++) {
        uint8_t status = inb(ATA_STATUS);
        if (status & ATA_BSY)
            continue;
        if (status & (ATA_DF | ATA_ERR))
            return Error::unspecified;
        if ((status & want) == want)
            return Error::ok;
    }
    return Error::unspecified;
}

// After a drive select the status is stale for 400 ns; four reads of the
// alternate status take at least that long.
static void
settle()
{
    for (int i = 0; i < 4; i++)
        inb(ATA_ALT_STATUS);
}

uint32_t
ata_identify(AtaDrive drive)
{
    outb(ATA_DRIVE, static_cast<uint8_t>(drive));
    settle();
    outb(ATA_SECCOUNT, 0);
    outb(ATA_LBA_LOW, 0);
    outb(ATA_LBA_MID, 0);
    outb(ATA_LBA_HIGH, 0);
    outb(ATA_COMMAND, ATA_CMD_IDENTIFY);
    // An empty position reads as status 0 (QEMU) or floats to 0xFF (real buses).
    uint8_t status = inb(ATA_STATUS);
    if (status == 0 || status == 0xFF)
        return 0;
    uint32_t i = 0;
    while ((inb(ATA_STATUS) & ATA_BSY) && i < POLL_LIMIT)
        i++;
    // ATAPI and SATA devices announce themselves with a signature in LBA mid/high.
    if (i == POLL_LIMIT || inb(ATA_LBA_MID) != 0 || inb(ATA_LBA_HIGH) != 0)
        return 0;
    if (wait_status(ATA_DRQ) != Error::ok)
        return 0;
    uint16_t identity[256];
    insl(ATA_DATA, identity, sizeof(identity) / 4);
    // Words 60-61: the number of sectors reachable with 28-bit LBA.
    return identity[60] | static_cast<uint32_t>(identity[61]) << 16;
}

// Selects the drive and sends the command; the data moves afterwards.
static Error
start_command(AtaDrive drive, uint8_t command, uint32_t secno, size_t nsecs)
{
    if (nsecs == 0 || nsecs > ATA_MAX_SECTORS || secno >= (1u << 28))
        return Error::inval;
    outb(ATA_DRIVE, static_cast<uint8_t>(drive) | ((secno >> 24) & 0x0F));
    settle();
    Error r = wait_status(ATA_DRDY);
    if (r != Error::ok)
        return r;
    outb(ATA_SECCOUNT, static_cast<uint8_t>(nsecs)); // 256 becomes 0, which means 256
    outb(ATA_LBA_LOW, secno & 0xFF);
    outb(ATA_LBA_MID, (secno >> 8) & 0xFF);
    outb(ATA_LBA_HIGH, (secno >> 16) & 0xFF);
    outb(ATA_COMMAND, command);
    return Error::ok;
}

Error
ata_read(AtaDrive drive, uint32_t secno, void* dst, size_t nsecs)
{
    Error r = start_command(drive, ATA_CMD_READ, secno, nsecs);
    if (r != Error::ok)
        return r;
    auto* p = static_cast<uint8_t*>(dst);
    for (size_t i = 0; i < nsecs; i++, p += ATA_SECTOR_SIZE) {
        // The drive raises DRQ once per sector, when that sector is buffered.
        r = wait_status(ATA_DRQ);
        if (r != Error::ok)
            return r;
        insl(ATA_DATA, p, ATA_SECTOR_SIZE / 4);
    }
    return Error::ok;
}

Error
ata_write(AtaDrive drive, uint32_t secno, const void* src, size_t nsecs)
{
    Error r = start_command(drive, ATA_CMD_WRITE, secno, nsecs);
    if (r != Error::ok)
        return r;
    auto* p = static_cast<const uint8_t*>(src);
    for (size_t i = 0; i < nsecs; i++, p += ATA_SECTOR_SIZE) {
        r = wait_status(ATA_DRQ);
        if (r != Error::ok)
            return r;
        outsl(ATA_DATA, p, ATA_SECTOR_SIZE / 4);
    }
    // The command is done once the drive has taken the last sector.
    return wait_status(ATA_DRDY);
}
