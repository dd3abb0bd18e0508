// QEMU's firmware configuration device (QEMU docs/specs/fw_cfg.rst): named
// files the host hands the guest (`-fw_cfg name=NAME,file=PATH` or
// `string=TEXT`). The boot argument and, for -kernel boots, the embedded user
// programs come this way. Bochs has no such device.
#pragma once

#include <kern/kernel.h>
#include <inc/error.h>
#include <inc/types.h>

struct FwCfgFile {
    uint16_t select; // the key that selects the file's contents
    uint32_t size;   // in bytes
};

// Whether the device is there (it is under QEMU, not under Bochs).
bool fw_cfg_present();

// Finds the file called name: true, with file filled in, or false (no such
// file, or no fw_cfg device).
bool fw_cfg_find(const char* name, FwCfgFile& file);

// Copies the first len bytes of file to buf, a byte at a time through the
// data port (for small files).
void fw_cfg_read(const FwCfgFile& file, void* buf, uint32_t len);

// Copies the len bytes at offset of file to dst (kernel memory): in one
// transfer by the device's DMA interface, or, from a QEMU without it (before
// 2.9), a byte at a time through the data port. Errors: inval if the bytes
// are not all in the file; unspecified if the device reports a failure.
Error fw_cfg_read_at(const FwCfgFile& file, uint32_t offset, void* dst, uint32_t len);
