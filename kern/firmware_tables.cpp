#include <kern/firmware_tables.h>
#include <kern/pmap.h>
#include <inc/string.h>

static constexpr physaddr_t BIOS_DATA_AREA = 0x400;
static constexpr physaddr_t BDA_EBDA_SEGMENT = 0x0E;   // 16-bit real-mode segment
static constexpr physaddr_t BDA_BASE_MEMORY_KB = 0x13; // 16-bit, KiB below the EBDA
static constexpr physaddr_t ONE_MIB = 0x100000;
static constexpr uint32_t LOW_MEMORY_KB = 640;

const void*
firmware_bytes(physaddr_t pa, size_t len)
{
    uint64_t end = static_cast<uint64_t>(pa) + len;
    if (end > static_cast<uint64_t>(npages) * PGSIZE)
        return nullptr;
    return kaddr(PhysAddr(pa));
}

uint8_t
byte_sum(const void* addr, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += static_cast<const uint8_t*>(addr)[i];
    return sum;
}

static const void*
search(physaddr_t pa, size_t len, const char* signature, size_t signature_len, size_t checked_len)
{
    auto* start = static_cast<const uint8_t*>(firmware_bytes(pa, len));
    if (start == nullptr)
        return nullptr;
    for (size_t off = 0; off + checked_len <= len; off += 16) {
        const uint8_t* p = start + off;
        if (memcmp(p, signature, signature_len) == 0 && byte_sum(p, checked_len) == 0)
            return p;
    }
    return nullptr;
}

// The EBDA's first KiB. Firmware that sets up no BIOS data area (QEMU's qboot)
// leaves both words 0, so a base memory size outside 1..640 KiB means none.
static physaddr_t
extended_bios_data_area()
{
    auto* bda = static_cast<const uint8_t*>(firmware_bytes(BIOS_DATA_AREA, 0x20));
    if (bda == nullptr)
        return 0;
    uint16_t segment, base_kb; // the base memory word is not 2-byte aligned: copy both
    memcpy(&segment, bda + BDA_EBDA_SEGMENT, sizeof(segment));
    memcpy(&base_kb, bda + BDA_BASE_MEMORY_KB, sizeof(base_kb));
    if (segment != 0)
        return physaddr_t(segment) << 4;
    if (base_kb == 0 || base_kb > LOW_MEMORY_KB)
        return 0;
    return (physaddr_t(base_kb) - 1) * 1024;
}

const void*
find_firmware_structure(const char* signature, size_t signature_len, size_t checked_len,
                        physaddr_t rom_start)
{
    if (physaddr_t ebda = extended_bios_data_area(); ebda != 0) {
        if (const void* p = search(ebda, 1024, signature, signature_len, checked_len))
            return p;
    }
    return search(rom_start, ONE_MIB - rom_start, signature, signature_len, checked_len);
}
