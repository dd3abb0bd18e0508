// The E1000 (Intel 82540EM) network card driver: two descriptor rings polled
// by system calls, and an interrupt that wakes environments waiting for them
// (kern/e1000_wait.h). Every function here runs with the kernel lock held,
// which protects the rings, their indexes and the interrupt mask.
#pragma once

#include <kern/kernel.h>
#include <kern/pci.h>
#include <inc/error.h>
#include <inc/types.h>

// Called by pci_init for the card (already enabled): maps its registers, builds
// the rings, starts transmit and receive. False (with a message) if it cannot.
bool e1000_attach(const PciFunction& f);

// Queues len bytes at frame (1..NET_FRAME_MAX, readable in the current address
// space). Errors: try_again (ring full), not_supp (no card attached).
Error e1000_try_transmit(const void* frame, size_t len);

// The length of the oldest received frame, or try_again if none has arrived,
// or not_supp with no card.
Result<size_t> e1000_waiting_frame();

// Copies the oldest received frame to buf (which e1000_waiting_frame said is
// large enough) and gives its buffer back to the card. Returns its length.
size_t e1000_take_frame(void* buf);

// Whether a transmit would find room now (false with no card).
bool e1000_transmit_room();

// The 8259 line the card interrupts on, or -1 (no card, or no usable line).
int e1000_interrupt_line();
// Reads (and so clears) the card's interrupt causes, lowering its line.
void e1000_acknowledge_interrupt();
// Lets exactly these causes (e1000::INT_* bits) interrupt; 0 masks them all.
void e1000_unmask_interrupts(uint32_t causes);
