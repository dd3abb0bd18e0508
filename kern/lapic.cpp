// Local APIC programming (Intel SDM vol. 3, chapter 10; MP spec appendix B for
// starting application processors).

#include <kern/cmos.h>
#include <kern/lapic.h>
#include <kern/pmap.h>
#include <kern/time.h>
#include <inc/stdio.h>
#include <inc/trap.h>
#include <inc/x86.h>

// Register offsets, in 32-bit words.
static constexpr uint32_t ID = 0x0020 / 4;
static constexpr uint32_t VER = 0x0030 / 4;
static constexpr uint32_t TPR = 0x0080 / 4; // task priority
static constexpr uint32_t EOI = 0x00B0 / 4;
static constexpr uint32_t SVR = 0x00F0 / 4;   // spurious interrupt vector
static constexpr uint32_t ESR = 0x0280 / 4;   // error status
static constexpr uint32_t ICRLO = 0x0300 / 4; // interrupt command
static constexpr uint32_t ICRHI = 0x0310 / 4;
static constexpr uint32_t TIMER = 0x0320 / 4; // local vector table: timer
static constexpr uint32_t PCINT = 0x0340 / 4; // performance counter
static constexpr uint32_t LINT0 = 0x0350 / 4;
static constexpr uint32_t LINT1 = 0x0360 / 4;
static constexpr uint32_t ERROR = 0x0370 / 4;
static constexpr uint32_t TICR = 0x0380 / 4; // timer initial count
static constexpr uint32_t TDCR = 0x03E0 / 4; // timer divide configuration

static constexpr uint32_t SVR_ENABLE = 0x100;
static constexpr uint32_t ICR_INIT = 0x500;
static constexpr uint32_t ICR_STARTUP = 0x600;
static constexpr uint32_t ICR_DELIVS = 0x1000; // delivery pending
static constexpr uint32_t ICR_ASSERT = 0x4000;
static constexpr uint32_t ICR_LEVEL = 0x8000;
static constexpr uint32_t ICR_BCAST = 0x80000;
static constexpr uint32_t LVT_MASKED = 0x10000;
static constexpr uint32_t LVT_EXTINT = 0x700; // delivery mode ExtINT: the 8259 supplies the vector
static constexpr uint32_t TIMER_PERIODIC = 0x20000;
static constexpr uint32_t TDCR_X1 = 0xB;

// The timer's counts in a millisecond, on QEMU's 1 GHz APIC clock.
static constexpr uint32_t TIMER_COUNTS_PER_MSEC = 1000000;

physaddr_t lapicaddr;
static volatile uint32_t* lapic;

static void
lapic_write(uint32_t index, uint32_t value)
{
    lapic[index] = value;
    (void)lapic[ID]; // a read forces the write to complete
}

void
lapic_init()
{
    if (lapicaddr == 0)
        return;
    // All CPUs share one mapping of the LAPIC page; each sees its own APIC there.
    if (lapic == nullptr)
        lapic = static_cast<volatile uint32_t*>(mmio_map_region(PhysAddr(lapicaddr), PGSIZE));
    // A handout before lab 4's mmio_map_region (doc/labs.md): no LAPIC, so one CPU and no timer.
    if (lapic == nullptr) {
        cprintf("lapic_init: mmio_map_region mapped nothing: running without the local APIC\n");
        return;
    }

    lapic_write(SVR, SVR_ENABLE | (IRQ_OFFSET + IRQ_SPURIOUS));

    // The timer counts down from TICR at bus speed and interrupts periodically.
    lapic_write(TDCR, TDCR_X1);
    lapic_write(TIMER, TIMER_PERIODIC | (IRQ_OFFSET + IRQ_TIMER));
    lapic_write(TICR, time_msec_per_tick() * TIMER_COUNTS_PER_MSEC);

    // Legacy (8259A) interrupts reach only the boot CPU, through LINT0 in
    // virtual wire mode; the other CPUs mask it.
    // Set here, not left to the firmware: qboot (the tests' direct kernel boot)
    // leaves the boot CPU's LINT0 masked, and no 8259 interrupt arrived.
    if (lapic_id() != 0)
        lapic_write(LINT0, LVT_MASKED);
    else
        lapic_write(LINT0, LVT_EXTINT);
    lapic_write(LINT1, LVT_MASKED); // NMI
    if (((lapic[VER] >> 16) & 0xFF) >= 4)
        lapic_write(PCINT, LVT_MASKED);
    lapic_write(ERROR, IRQ_OFFSET + IRQ_ERROR);

    // Clear errors (the register needs two writes) and any pending interrupt.
    lapic_write(ESR, 0);
    lapic_write(ESR, 0);
    lapic_write(EOI, 0);

    // Synchronize arbitration ids with an INIT level de-assert to all.
    lapic_write(ICRHI, 0);
    lapic_write(ICRLO, ICR_BCAST | ICR_INIT | ICR_LEVEL);
    while (lapic[ICRLO] & ICR_DELIVS)
        ;
    lapic_write(TPR, 0); // accept every interrupt
}

int
lapic_id()
{
    return lapic != nullptr ? static_cast<int>(lapic[ID] >> 24) : 0;
}

bool
lapic_timer_running()
{
    return lapic != nullptr && (lapic[TIMER] & LVT_MASKED) == 0 && lapic[TICR] != 0;
}

KERNEL_HOT void
lapic_eoi()
{
    if (lapic != nullptr)
        lapic_write(EOI, 0);
}

void
lapic_send_wakeup(uint8_t apicid)
{
    if (lapic == nullptr)
        return;
    // Fixed delivery (mode 0), physical destination, edge triggered.
    lapic_write(ICRHI, static_cast<uint32_t>(apicid) << 24);
    lapic_write(ICRLO, IRQ_OFFSET + IRQ_WAKEUP);
    while (lapic[ICRLO] & ICR_DELIVS)
        ;
}

void
lapic_startap(uint8_t apicid, uint32_t addr)
{
    // The BIOS's warm reset path: shutdown code 0x0A in CMOS, and the
    // real-mode entry point (segment:offset) in the warm reset vector at 40:67.
    outb(0x70, 0xF);
    outb(0x71, 0x0A);
    // A far pointer at 0x467, an odd address: packed says its words are unaligned.
    struct [[gnu::packed]] WarmResetVector {
        uint16_t offset;
        uint16_t segment;
    };
    auto* warm_reset = static_cast<WarmResetVector*>(kaddr(PhysAddr(0x40 << 4 | 0x67)));
    warm_reset->offset = 0;
    warm_reset->segment = static_cast<uint16_t>(addr >> 4);

    // INIT, then STARTUP twice, as the MP specification says.
    lapic_write(ICRHI, static_cast<uint32_t>(apicid) << 24);
    lapic_write(ICRLO, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
    lapic_write(ICRLO, ICR_INIT | ICR_LEVEL);
    for (int i = 0; i < 2; i++) {
        lapic_write(ICRHI, static_cast<uint32_t>(apicid) << 24);
        lapic_write(ICRLO, ICR_STARTUP | (addr >> 12));
    }
}
