// Layouts from the ACPI Specification 6.5: the RSDP (5.2.5), the system
// description table header (5.2.6), the RSDT/XSDT (5.2.7-8) and the MADT (5.2.12).

#include <kern/acpi.h>
#include <kern/firmware_tables.h>
#include <inc/stdio.h>
#include <inc/string.h>

namespace {
struct [[gnu::packed]] Rsdp {
    char signature[8]; // "RSD PTR "
    uint8_t checksum;  // over the first 20 bytes (the ACPI 1.0 part)
    char oem_id[6];
    uint8_t revision; // 0: ACPI 1.0, only the RSDT; 2 and later add the XSDT
    uint32_t rsdt_address;
    uint32_t length; // of the whole structure, from revision 2
    uint64_t xsdt_address;
    uint8_t extended_checksum;
    uint8_t reserved[3];
};
static_assert(sizeof(Rsdp) == 36);
constexpr size_t RSDP_V1_LENGTH = 20;

struct [[gnu::packed]] TableHeader {
    char signature[4];
    uint32_t length; // header included
    uint8_t revision;
    uint8_t checksum; // all `length` bytes sum to 0
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
};
static_assert(sizeof(TableHeader) == 36);

struct [[gnu::packed]] Madt {
    TableHeader header; // "APIC"
    uint32_t local_apic_address;
    uint32_t flags;
    // then entries, each starting with MadtEntry
};

struct [[gnu::packed]] MadtEntry {
    uint8_t type;
    uint8_t length; // entry included
};

struct [[gnu::packed]] MadtLocalApic {
    MadtEntry entry; // type 0
    uint8_t processor_uid;
    uint8_t apic_id;
    uint32_t flags;
};

struct [[gnu::packed]] MadtLocalApicOverride {
    MadtEntry entry; // type 5: a 64-bit address replaces local_apic_address
    uint16_t reserved;
    uint64_t address;
};
} // namespace

constexpr uint8_t MADT_LOCAL_APIC = 0;
constexpr uint8_t MADT_LOCAL_APIC_OVERRIDE = 5;
constexpr uint32_t LOCAL_APIC_ENABLED = 1 << 0;
constexpr physaddr_t BIOS_ROM_START = 0xE0000;

// The table at pa if it is whole, intact and has the signature; else nullptr.
static const TableHeader*
table_at(uint64_t pa, const char* signature)
{
    if (pa > 0xffffffffull)
        return nullptr;
    auto* header = static_cast<const TableHeader*>(firmware_bytes(pa, sizeof(TableHeader)));
    if (header == nullptr || memcmp(header->signature, signature, 4) != 0 ||
        header->length < sizeof(TableHeader) || firmware_bytes(pa, header->length) == nullptr ||
        byte_sum(header, header->length) != 0)
        return nullptr;
    return header;
}

// The MADT, through the XSDT (64-bit entries) if the firmware has one, else the RSDT.
static const Madt*
find_madt()
{
    auto* rsdp = static_cast<const Rsdp*>(
        find_firmware_structure("RSD PTR ", 8, RSDP_V1_LENGTH, BIOS_ROM_START));
    if (rsdp == nullptr)
        return nullptr;
    const TableHeader* root = nullptr;
    size_t entry_size = 4;
    if (rsdp->revision >= 2 && byte_sum(rsdp, sizeof(Rsdp)) == 0 &&
        (root = table_at(rsdp->xsdt_address, "XSDT")) != nullptr)
        entry_size = 8;
    else if ((root = table_at(rsdp->rsdt_address, "RSDT")) == nullptr)
        return nullptr;

    auto* entries = reinterpret_cast<const uint8_t*>(root + 1);
    size_t count = (root->length - sizeof(TableHeader)) / entry_size;
    for (size_t i = 0; i < count; i++) {
        uint64_t pa = 0;
        memcpy(&pa, entries + i * entry_size, entry_size);
        if (const TableHeader* t = table_at(pa, "APIC"); t != nullptr && t->length >= sizeof(Madt))
            return reinterpret_cast<const Madt*>(t);
    }
    return nullptr;
}

physaddr_t
acpi_find_cpus(void (*found_cpu)(uint8_t apic_id))
{
    const Madt* madt = find_madt();
    if (madt == nullptr)
        return 0;
    uint64_t lapic = madt->local_apic_address;
    auto* p = reinterpret_cast<const uint8_t*>(madt + 1);
    auto* end = reinterpret_cast<const uint8_t*>(madt) + madt->header.length;
    while (p + sizeof(MadtEntry) <= end) {
        auto* e = reinterpret_cast<const MadtEntry*>(p);
        if (e->length < sizeof(MadtEntry) || p + e->length > end)
            break; // a broken entry: the rest cannot be walked
        if (e->type == MADT_LOCAL_APIC && e->length >= sizeof(MadtLocalApic)) {
            auto* cpu = reinterpret_cast<const MadtLocalApic*>(e);
            if (cpu->flags & LOCAL_APIC_ENABLED)
                found_cpu(cpu->apic_id);
        } else if (e->type == MADT_LOCAL_APIC_OVERRIDE &&
                   e->length >= sizeof(MadtLocalApicOverride)) {
            lapic = reinterpret_cast<const MadtLocalApicOverride*>(e)->address;
        }
        p += e->length;
    }
    if (lapic > 0xffffffffull) {
        cprintf("SMP: the local APIC is above 4 GiB; using one CPU\n");
        return 0;
    }
    return static_cast<physaddr_t>(lapic);
}
