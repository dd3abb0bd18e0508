// Reading a named file from QEMU's fw_cfg device (QEMU docs/specs/fw_cfg.rst):
// write a 16-bit selector to port 0x510, then read the item byte by byte from 0x511.
// Bochs has no fw_cfg; there the argument comes from a disk (kern/bootargs_disk.cpp).

#include <kern/bootargs.h>
#include <kern/bootargs_disk.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

static constexpr uint16_t FW_CFG_PORT_SEL = 0x510;
static constexpr uint16_t FW_CFG_PORT_DATA = 0x511;
static constexpr uint16_t FW_CFG_SIGNATURE = 0x0000;
static constexpr uint16_t FW_CFG_FILE_DIR = 0x0019;
static constexpr const char* BOOTARGS_FILE = "opt/flexjos/bootargs";

static char args[256];
static bool loaded;

static void
fw_cfg_select(uint16_t key)
{
    outw(FW_CFG_PORT_SEL, key);
}

static void
fw_cfg_read(void* buf, uint32_t len)
{
    auto* p = static_cast<uint8_t*>(buf);
    for (uint32_t i = 0; i < len; i++)
        p[i] = inb(FW_CFG_PORT_DATA);
}

// The directory's numbers are big-endian.
static uint32_t
be32(uint32_t v)
{
    return __builtin_bswap32(v);
}

static void
load_bootargs()
{
    char signature[4];
    fw_cfg_select(FW_CFG_SIGNATURE);
    fw_cfg_read(signature, sizeof(signature));
    if (memcmp(signature, "QEMU", 4) != 0) {
        bootargs_from_disk(args, sizeof(args)); // not QEMU: perhaps Bochs
        return;
    }

    struct [[gnu::packed]] FileEntry {
        uint32_t size;
        uint16_t select;
        uint16_t reserved;
        char name[56];
    };
    static_assert(sizeof(FileEntry) == 64);

    uint32_t count;
    fw_cfg_select(FW_CFG_FILE_DIR);
    fw_cfg_read(&count, sizeof(count));
    count = be32(count);
    for (uint32_t i = 0; i < count; i++) {
        FileEntry entry;
        fw_cfg_read(&entry, sizeof(entry));
        entry.name[sizeof(entry.name) - 1] = '\0';
        if (strcmp(entry.name, BOOTARGS_FILE) == 0) {
            uint32_t len = min(be32(entry.size), static_cast<uint32_t>(sizeof(args) - 1));
            if (be32(entry.size) > len)
                cprintf("kernel: boot argument cut to its first %u characters\n", len);
            fw_cfg_select(__builtin_bswap16(entry.select));
            fw_cfg_read(args, len);
            args[len] = '\0';
            return;
        }
    }
}

const char*
bootargs()
{
    if (!loaded) {
        load_bootargs();
        loaded = true;
    }
    return args;
}
