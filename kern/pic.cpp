// The two cascaded 8259A interrupt controllers of the PC. FlexJOS remaps their
// IRQs to IRQ_OFFSET.. so they do not collide with CPU exceptions, and masks
// every line it does not handle.

#include <kern/pic.h>
#include <inc/trap.h>
#include <inc/x86.h>

static constexpr uint16_t PIC1 = 0x20; // master: IRQs 0-7
static constexpr uint16_t PIC2 = 0xA0; // slave: IRQs 8-15, cascaded on master's IRQ 2
static constexpr uint8_t IRQ_SLAVE = 2;

static uint16_t irq_mask = 0xFFFF & ~(1 << IRQ_SLAVE);

static void
write_mask()
{
    outb(PIC1 + 1, static_cast<uint8_t>(irq_mask));
    outb(PIC2 + 1, static_cast<uint8_t>(irq_mask >> 8));
}

void
pic_init()
{
    outb(PIC1 + 1, 0xFF); // mask everything while reprogramming
    outb(PIC2 + 1, 0xFF);

    // ICW1: edge triggered, cascade, ICW4 follows.
    outb(PIC1, 0x11);
    outb(PIC2, 0x11);
    // ICW2: vector offsets.
    outb(PIC1 + 1, IRQ_OFFSET);
    outb(PIC2 + 1, IRQ_OFFSET + 8);
    // ICW3: the slave hangs on master's IRQ 2.
    outb(PIC1 + 1, 1 << IRQ_SLAVE);
    outb(PIC2 + 1, IRQ_SLAVE);
    // ICW4: automatic end of interrupt, 8086 mode, on both: a slave line (the
    // network card's, IRQ 11 under QEMU) would otherwise stay in service after
    // its first interrupt and mask itself for good, as no handler sends an EOI.
    outb(PIC1 + 1, 0x03);
    outb(PIC2 + 1, 0x03);
    // OCW3: reads of the command port return the in-service register.
    outb(PIC1, 0x0A);
    outb(PIC2, 0x0A);
    write_mask();
}

void
pic_enable_irq(int irq)
{
    irq_mask &= ~(1 << irq);
    write_mask();
}

bool
pic_spurious_irq(uint32_t irq)
{
    return irq == 15 && (irq_mask & (1 << 15));
}
