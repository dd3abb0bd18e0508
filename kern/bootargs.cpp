// The boot argument is a file in QEMU's fw_cfg device (kern/fw_cfg.h). Bochs
// has no fw_cfg; there it comes from a disk (kern/bootargs_disk.cpp).

#include <kern/bootargs.h>
#include <kern/bootargs_disk.h>
#include <kern/fw_cfg.h>
#include <inc/stdio.h>
#include <inc/string.h>

static constexpr const char* BOOTARGS_FILE = "opt/flexjos/bootargs";

static char args[256];
static bool loaded;

static void
load_bootargs()
{
    if (!fw_cfg_present()) {
        bootargs_from_disk(args, sizeof(args)); // not QEMU: perhaps Bochs
        return;
    }
    FwCfgFile file;
    if (!fw_cfg_find(BOOTARGS_FILE, file))
        return;
    uint32_t len = min(file.size, static_cast<uint32_t>(sizeof(args) - 1));
    if (file.size > len)
        cprintf("kernel: boot argument cut to its first %u characters\n", len);
    fw_cfg_read(file, args, len);
    args[len] = '\0';
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
