// QEMU's fw_cfg device through its I/O ports: a 16-bit key written to the
// selector port picks an item, which then reads byte by byte from the data
// port, or in one transfer through the DMA address port.

#include <kern/fw_cfg.h>
#include <kern/pmap.h>
#include <inc/string.h>
#include <inc/x86.h>

static constexpr uint16_t PORT_SELECTOR = 0x510;
static constexpr uint16_t PORT_DATA = 0x511;
static constexpr uint16_t PORT_DMA_HIGH = 0x514; // the high half of the address
static constexpr uint16_t PORT_DMA_LOW = 0x518;  // the low half; writing it starts the transfer

static constexpr uint16_t KEY_SIGNATURE = 0x0000;
static constexpr uint16_t KEY_FEATURES = 0x0001;
static constexpr uint16_t KEY_FILE_DIR = 0x0019;
static constexpr uint32_t FEATURE_DMA = 1u << 1;

// A DMA request: the device reads it from guest memory and writes its outcome
// into control (zero once done, or the error bit). Fields are big-endian.
struct FwCfgDmaAccess {
    uint32_t control;
    uint32_t length;
    uint32_t address_high;
    uint32_t address_low;
};
static_assert(sizeof(FwCfgDmaAccess) == 16);

static constexpr uint32_t DMA_ERROR = 1u << 0;
static constexpr uint32_t DMA_READ = 1u << 1;
static constexpr uint32_t DMA_SKIP = 1u << 2;
static constexpr uint32_t DMA_SELECT = 1u << 3;

static void
select_item(uint16_t key)
{
    outw(PORT_SELECTOR, key);
}

static void
read_data(void* buf, uint32_t len)
{
    auto* p = static_cast<uint8_t*>(buf);
    for (uint32_t i = 0; i < len; i++)
        p[i] = inb(PORT_DATA);
}

bool
fw_cfg_present()
{
    char signature[4];
    select_item(KEY_SIGNATURE);
    read_data(signature, sizeof(signature));
    return memcmp(signature, "QEMU", 4) == 0;
}

bool
fw_cfg_find(const char* name, FwCfgFile& file)
{
    if (!fw_cfg_present())
        return false;

    struct [[gnu::packed]] DirEntry {
        uint32_t size;
        uint16_t select;
        uint16_t reserved;
        char name[56];
    };
    static_assert(sizeof(DirEntry) == 64);

    uint32_t count;
    select_item(KEY_FILE_DIR);
    read_data(&count, sizeof(count));
    count = __builtin_bswap32(count);
    for (uint32_t i = 0; i < count; i++) {
        DirEntry entry;
        read_data(&entry, sizeof(entry));
        entry.name[sizeof(entry.name) - 1] = '\0';
        if (strcmp(entry.name, name) == 0) {
            file.select = __builtin_bswap16(entry.select);
            file.size = __builtin_bswap32(entry.size);
            return true;
        }
    }
    return false;
}

void
fw_cfg_read(const FwCfgFile& file, void* buf, uint32_t len)
{
    select_item(file.select);
    read_data(buf, min(len, file.size));
}

// Hands the device one request and waits for its outcome. QEMU carries out
// the transfer during the port write; the loop is for devices that do not.
static Error
dma_transfer(uint32_t control, uint32_t length, physaddr_t address)
{
    static FwCfgDmaAccess access;
    access.control = __builtin_bswap32(control);
    access.length = __builtin_bswap32(length);
    access.address_high = 0;
    access.address_low = __builtin_bswap32(address);
    physaddr_t request = paddr(&access).raw();
    asm volatile("" : : : "memory"); // the request is in memory before the device reads it
    outl(PORT_DMA_HIGH, 0);
    outl(PORT_DMA_LOW, __builtin_bswap32(request));
    uint32_t outcome;
    do {
        asm volatile("" : : : "memory");
        outcome = __builtin_bswap32(access.control);
    } while (outcome != 0 && !(outcome & DMA_ERROR));
    return outcome == 0 ? Error::ok : Error::unspecified;
}

static bool
dma_supported()
{
    uint32_t features;
    select_item(KEY_FEATURES);
    read_data(&features, sizeof(features));
    return features & FEATURE_DMA;
}

Error
fw_cfg_read_at(const FwCfgFile& file, uint32_t offset, void* dst, uint32_t len)
{
    if (offset > file.size || len > file.size - offset)
        return Error::inval;
    if (dma_supported()) {
        uint32_t select = static_cast<uint32_t>(file.select) << 16 | DMA_SELECT;
        if (Error r = dma_transfer(select | DMA_SKIP, offset, 0); r != Error::ok)
            return r;
        return dma_transfer(DMA_READ, len, paddr(dst).raw());
    }
    select_item(file.select);
    for (uint32_t i = 0; i < offset; i++)
        (void)inb(PORT_DATA);
    read_data(dst, len);
    return Error::ok;
}
