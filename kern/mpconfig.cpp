// Finding the CPUs: the Intel MultiProcessor Specification 1.4 configuration
// tables the BIOS leaves in memory (chapter 4).

#include <kern/cpu.h>
#include <kern/lapic.h>
#include <kern/mp.h>
#include <kern/pmap.h>
#include <inc/stdio.h>
#include <inc/string.h>

namespace {
// The MP floating pointer structure: "_MP_" on a 16-byte boundary.
struct [[gnu::packed]] MpFloatingPointer {
    uint8_t signature[4];
    uint32_t config_table; // physical address of the MP configuration table
    uint8_t length;        // in 16-byte units
    uint8_t spec_rev;
    uint8_t checksum;      // all bytes sum to 0
    uint8_t type;          // nonzero: a default configuration, no table
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

static uint8_t
byte_sum(const void* addr, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += static_cast<const uint8_t*>(addr)[i];
    return sum;
}

// Looks for the floating pointer in [pa, pa+len).
static const MpFloatingPointer*
search(physaddr_t pa, size_t len)
{
    auto* p = static_cast<const MpFloatingPointer*>(kaddr(PhysAddr(pa)));
    auto* end = p + len / sizeof(MpFloatingPointer);
    for (; p < end; p++) {
        if (memcmp(p->signature, "_MP_", 4) == 0 && byte_sum(p, sizeof(*p)) == 0)
            return p;
    }
    return nullptr;
}

// The spec's search order: the first KiB of the EBDA, the last KiB of base
// memory, then the BIOS ROM at 0xF0000-0xFFFFF.
static const MpFloatingPointer*
find_floating_pointer()
{
    auto* bda = static_cast<const uint8_t*>(kaddr(PhysAddr(0x400)));
    physaddr_t ebda = static_cast<physaddr_t>(*reinterpret_cast<const uint16_t*>(bda + 0x0E)) << 4;
    if (ebda != 0) {
        if (const MpFloatingPointer* mp = search(ebda, 1024))
            return mp;
    } else {
        physaddr_t base_kb = *reinterpret_cast<const uint16_t*>(bda + 0x13);
        if (const MpFloatingPointer* mp = search(base_kb * 1024 - 1024, 1024))
            return mp;
    }
    return search(0xF0000, 0x10000);
}

static const MpConfigHeader*
find_config()
{
    const MpFloatingPointer* mp = find_floating_pointer();
    if (mp == nullptr || mp->config_table == 0 || mp->type != 0)
        return nullptr;
    auto* conf = static_cast<const MpConfigHeader*>(kaddr(PhysAddr(mp->config_table)));
    if (memcmp(conf->signature, "PCMP", 4) != 0 || (conf->version != 1 && conf->version != 4) ||
        byte_sum(conf, conf->length) != 0) {
        cprintf("SMP: bad MP configuration table\n");
        return nullptr;
    }
    return conf;
}

void
mp_init()
{
    const MpConfigHeader* conf = find_config();
    if (conf == nullptr)
        return; // uniprocessor: cpus[0] only
    lapicaddr = conf->lapic_addr;

    int found = 0;
    auto* p = reinterpret_cast<const uint8_t*>(conf + 1);
    for (int i = 0; i < conf->entry_count; i++) {
        switch (*p) {
        case MPPROC: {
            auto* proc = reinterpret_cast<const MpProcessor*>(p);
            if (found < NCPU) {
                cpus[found].cpu_id = static_cast<uint8_t>(found);
                cpus[found].cpu_apicid = proc->apicid;
                if (proc->flags & MPPROC_BOOT)
                    bootcpu = &cpus[found];
                found++;
            } else {
                cprintf("SMP: too many CPUs, CPU %d disabled\n", proc->apicid);
            }
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
            return; // the table cannot be walked further; keep what was found
        }
    }
    ncpu = found > 0 ? found : 1;
    bootcpu->cpu_status = CPU_STARTED;
    cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);
}
