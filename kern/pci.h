// PCI: finding the devices on bus 0 and handing each one a driver knows to its
// attach function, enabled. Configuration mechanism 1 (I/O ports 0xCF8/0xCFC).
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

// One function of one device, as its configuration space describes it.
struct PciFunction {
    uint8_t bus, device, function;
    uint16_t vendor_id, device_id;
    uint32_t class_code;  // base class, subclass, programming interface (bits 23..0)
    uint32_t bar_base[6]; // a memory BAR's physical address, or an I/O BAR's port
    uint32_t bar_size[6]; // bytes the BAR decodes, 0 if unused
    uint8_t irq_line;
};

// Scans bus 0, enables (memory, I/O, bus mastering) every function a driver
// knows and calls its attach function. Call once, at boot, before the first
// environment exists (drivers map MMIO into the kernel's page directory).
void pci_init();
