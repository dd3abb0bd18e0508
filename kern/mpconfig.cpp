// Finding the CPUs: the Intel MultiProcessor Specification 1.4 configuration
// tables the BIOS leaves in memory (chapter 4).

#include <kern/acpi.h>
#include <kern/cpu.h>
#include <kern/firmware_tables.h>
#include <kern/lapic.h>
#include <kern/mp.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

namespace {
// The MP floating pointer structure: "_MP_" on a 16-byte boundary.
struct [[gnu::packed]] MpFloatingPointer {
    uint8_t signature[4];
    uint32_t config_table; // physical address of the MP configuration table
    uint8_t length;        // in 16-byte units
    uint8_t spec_rev;
    uint8_t checksum; // all bytes sum to 0
    uint8_t type;     // nonzero: a default configuration, no table
    uint8_t imcrp;
    uint8_t reserved[3];
};
static_assert(sizeof(MpFloatingPointer) == 16);

// The configuration table header: "PCMP", then `entry_count` entries.
struct [[gnu::packed]] MpConfigHeader {
    uint8_t signature[4];
    uint16_t length; // of the base table, header included
    uint8_t version;
    uint8_t checksum;
    uint8_t product[20];
    uint32_t oem_table;
    uint16_t oem_length;
    uint16_t entry_count;
    uint32_t lapic_addr;
    uint16_t ext_length;
    uint8_t ext_checksum;
    uint8_t reserved;
};
static_assert(sizeof(MpConfigHeader) == 44);

struct [[gnu::packed]] MpProcessor {
    uint8_t type; // MPPROC
    uint8_t apicid;
    uint8_t version;
    uint8_t flags;
    uint8_t signature[4];
    uint32_t feature;
    uint8_t reserved[8];
};
static_assert(sizeof(MpProcessor) == 20);
} // namespace

// Entry types and their sizes.
static constexpr uint8_t MPPROC = 0x00; // 20 bytes
static constexpr uint8_t MPBUS = 0x01;
static constexpr uint8_t MPIOAPIC = 0x02;
static constexpr uint8_t MPIOINTR = 0x03;
static constexpr uint8_t MPLINTR = 0x04;
static constexpr uint8_t MPPROC_BOOT = 0x02; // flags: the bootstrap processor

// The spec's search order: the first KiB of the EBDA (or the last KiB of base
// memory), then the BIOS ROM at 0xF0000-0xFFFFF.
static const MpFloatingPointer*
find_floating_pointer()
{
    return static_cast<const MpFloatingPointer*>(
        find_firmware_structure("_MP_", 4, sizeof(MpFloatingPointer), 0xF0000));
}

static const MpConfigHeader*
find_config()
{
    const MpFloatingPointer* mp = find_floating_pointer();
    if (mp == nullptr || mp->config_table == 0 || mp->type != 0)
        return nullptr;
    auto* conf = static_cast<const MpConfigHeader*>(
        firmware_bytes(mp->config_table, sizeof(MpConfigHeader)));
    if (conf == nullptr || memcmp(conf->signature, "PCMP", 4) != 0 ||
        (conf->version != 1 && conf->version != 4) ||
        firmware_bytes(mp->config_table, conf->length) == nullptr ||
        byte_sum(conf, conf->length) != 0) {
        cprintf("SMP: bad MP configuration table\n");
        return nullptr;
    }
    return conf;
}

static int cpus_found;

// Records the next CPU the firmware lists.
static void
add_cpu(uint8_t apic_id, bool is_boot_cpu)
{
    if (cpus_found == NCPU) {
        cprintf("SMP: too many CPUs, CPU %d disabled\n", apic_id);
        return;
    }
    CpuInfo& c = cpus[cpus_found];
    c.cpu_id = static_cast<uint8_t>(cpus_found);
    c.cpu_apicid = apic_id;
    if (is_boot_cpu)
        bootcpu = &c;
    cpus_found++;
}

// The MP table's processor entries; false if there is no intact table.
static bool
read_mp_table()
{
    const MpConfigHeader* conf = find_config();
    if (conf == nullptr)
        return false;
    lapicaddr = conf->lapic_addr;
    auto* p = reinterpret_cast<const uint8_t*>(conf + 1);
    auto* end = reinterpret_cast<const uint8_t*>(conf) + conf->length;
    for (int i = 0; i < conf->entry_count && p < end; i++) {
        switch (*p) {
        case MPPROC: {
            auto* proc = reinterpret_cast<const MpProcessor*>(p);
            add_cpu(proc->apicid, proc->flags & MPPROC_BOOT);
            p += sizeof(MpProcessor);
            continue;
        }
        case MPBUS:
        case MPIOAPIC:
        case MPIOINTR:
        case MPLINTR:
            p += 8;
            continue;
        default:
            cprintf("SMP: unknown MP configuration entry type %d\n", *p);
            return true; // the table cannot be walked further; keep what was found
        }
    }
    return true;
}

// The ACPI MADT lists no boot CPU: it is the one running this, whose initial
// local APIC id CPUID reports (leaf 1, EBX bits 31-24).
static void
add_acpi_cpu(uint8_t apic_id)
{
    add_cpu(apic_id, apic_id == cpuid(1).ebx >> 24);
}

static void
read_acpi_madt()
{
    lapicaddr = acpi_find_cpus(add_acpi_cpu);
    if (lapicaddr == 0) { // no usable local APIC: run on the boot CPU alone
        cpus_found = 0;
        bootcpu = &cpus[0];
    }
}

void
mp_init()
{
    if (!read_mp_table())
        read_acpi_madt();
    if (lapicaddr == 0)
        return; // uniprocessor: cpus[0] only, no local APIC (kern/lapic.cpp)
    ncpu = cpus_found > 0 ? cpus_found : 1;
    bootcpu->cpu_status = CPU_STARTED;
    cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);
}
