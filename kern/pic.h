// The 8259A programmable interrupt controllers (legacy PC interrupts).
#pragma once

#include <kern/kernel.h>

void pic_init();
// Unmasks one IRQ line (0-15).
void pic_enable_irq(int irq);
