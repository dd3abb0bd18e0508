// The 8259A programmable interrupt controllers (legacy PC interrupts).
#pragma once

#include <kern/kernel.h>
#include <inc/types.h>

void pic_init();
// Unmasks one IRQ line (0-15).
void pic_enable_irq(int irq);
// Whether an interrupt on line irq is the slave 8259's spurious one: IRQ 15
// while that line is masked. A level-triggered line (the network card's) that
// drops before the CPU acknowledges it leaves the slave nothing to report, and
// it reports its lowest-priority line instead. Nothing is to be done for it.
bool pic_spurious_irq(uint32_t irq);
