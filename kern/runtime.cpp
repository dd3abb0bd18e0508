// C++ runtime start-up for a freestanding kernel. Kernel objects are meant to
// be constinit, but a global with a constructor must still work. The language
// hooks (operator new and the like) are common/runtime_hooks.cpp.

#include <inc/assert.h>
#include <inc/string.h>
#include <kern/runtime.h>

extern "C" {
extern char edata[], bss_end[]; // kern/kernel.ld
using Constructor = void (*)();
extern Constructor __init_array_start[], __init_array_end[];
}

namespace {
// Proves at boot that global constructors ran and BSS was zeroed: its
// constructor records a value that a plain zeroed object would not have.
class RuntimeCanary {
public:
    RuntimeCanary() : m_magic(CONSTRUCTED) {}
    bool constructed() const { return m_magic == CONSTRUCTED; }

private:
    static constexpr uint32_t CONSTRUCTED = 0x600DC0DE;
    uint32_t m_magic;
};
} // namespace

static RuntimeCanary canary;
static uint32_t bss_word; // must read as zero before anyone writes it

void
runtime_init()
{
    // The boot loaders load only the file-backed part of the kernel image.
    memset(edata, 0, bss_end - edata);
    for (Constructor* c = __init_array_start; c < __init_array_end; c++)
        (*c)();
    if (!canary.constructed())
        panic("global constructors did not run");
    if (bss_word != 0)
        panic("BSS was not zeroed");
}
