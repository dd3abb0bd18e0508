// The E1000 driver. Each ring is an array of descriptors in a kernel page,
// each descriptor pointing (by physical address) at a 2048-byte buffer of the
// kernel's. Ownership (doc/net.md):
//  - transmit: the kernel fills the descriptor at tx_tail and advances TDT past
//    it; the card owns it until it sets DD. A descriptor without DD at tx_tail
//    means the ring is full (try_again). Every descriptor starts with DD set.
//  - receive: the card owns the descriptors from RDH up to RDT (exclusive) and
//    fills them; rx_next = RDT + 1 is the oldest the kernel may read once DD is
//    set. Giving it back means clearing DD and moving RDT onto it.
// Frames are copied in and out of the buffers, so user pages never reach the card.

#include <kern/e1000.h>
#include <kern/e1000_hw.h>
#include <kern/pic.h>
#include <kern/pmap.h>
#include <inc/net.h>
#include <inc/stdio.h>
#include <inc/string.h>

using namespace e1000;

// Ring sizes: multiples of 8 (the ring length must be a multiple of 128 bytes).
// More receive descriptors than transmit: a burst arriving between two polls
// must fit, while a sender just yields until the card catches up.
static constexpr uint32_t TX_COUNT = 64;
static constexpr uint32_t RX_COUNT = 128;
static constexpr uint32_t BUFFER_SIZE = 2048; // RCTL_BSIZE_2048; two buffers a page
static_assert(TX_COUNT * sizeof(TxDescriptor) + RX_COUNT * sizeof(RxDescriptor) <= PGSIZE);
static_assert(NET_FRAME_MAX <= BUFFER_SIZE);

// Protected by: kernel_lock. ([[maybe_unused]]: the lab-6 handout's stubs leave some
// of these and of the helpers below unused.)
static volatile uint32_t* registers; // BAR 0, mapped uncached; nullptr: no card
[[maybe_unused]] static volatile TxDescriptor* tx_ring;
static volatile RxDescriptor* rx_ring;
[[maybe_unused]] static uint8_t* tx_buffers[TX_COUNT];
[[maybe_unused]] static uint8_t* rx_buffers[RX_COUNT];
[[maybe_unused]] static uint32_t tx_tail; // the next descriptor to fill (what TDT holds)
static uint32_t rx_next;                  // the oldest descriptor the card may have filled
static int irq_line = -1; // the 8259 line the card interrupts on, or -1: none (waits poll)

static uint32_t
reg_read(uint32_t offset)
{
    return registers[offset / 4];
}

static void
reg_write(uint32_t offset, uint32_t value)
{
    registers[offset / 4] = value;
}

// Keeps the compiler from moving buffer and descriptor writes past the tail
// register write that hands them to the card (x86 keeps stores in order).
static inline void
compiler_barrier()
{
    asm volatile("" ::: "memory");
}

// A zeroed page the kernel keeps for good (the card holds its physical address).
static void*
device_page()
{
    PageInfo* pp = page_alloc(ALLOC_ZERO);
    if (pp == nullptr)
        return nullptr;
    pp->pp_ref++;
    return page2kva(pp);
}

// Fills buffers[0..count) with 2048-byte buffers, two to a page.
[[maybe_unused]] static bool
allocate_buffers(uint8_t** buffers, uint32_t count)
{
    for (uint32_t i = 0; i < count; i += PGSIZE / BUFFER_SIZE) {
        auto* page = static_cast<uint8_t*>(device_page());
        if (page == nullptr)
            return false;
        for (uint32_t j = 0; j < PGSIZE / BUFFER_SIZE && i + j < count; j++)
            buffers[i + j] = page + j * BUFFER_SIZE;
    }
    return true;
}

[[maybe_unused]] static uint64_t
physical(const void* kva)
{
    return paddr(kva).raw();
}

// Reads one 16-bit EEPROM word; false if the EEPROM does not answer soon.
static bool
eeprom_read(uint32_t word, uint16_t* out)
{
    reg_write(EERD, word << EERD_ADDR_SHIFT | EERD_START);
    for (int tries = 0; tries < 100000; tries++) {
        uint32_t value = reg_read(EERD);
        if (value & EERD_DONE) {
            *out = static_cast<uint16_t>(value >> EERD_DATA_SHIFT);
            return true;
        }
    }
    return false;
}

// The MAC address from EEPROM words 0-2 (low byte first), or QEMU's default
// (inc/net.h) if the EEPROM does not answer.
[[maybe_unused]] static void
read_mac(uint8_t mac[6])
{
    for (uint32_t word = 0; word < 3; word++) {
        uint16_t value;
        if (!eeprom_read(word, &value)) {
            cprintf("e1000: EEPROM does not answer; using the default MAC\n");
            memcpy(mac, NET_MAC, 6);
            return;
        }
        mac[2 * word] = value & 0xff;
        mac[2 * word + 1] = value >> 8;
    }
}

// Routes the card's PCI interrupt (INTA, which the BIOS wired to the 8259 line
// in its configuration space's interrupt line register) to the boot CPU. Every
// cause stays masked until someone waits (e1000_unmask_interrupts).
[[maybe_unused]] static void
route_interrupt(uint8_t line)
{
    // 2 is the slave 8259's cascade; 0xff means not connected.
    if (line == 0 || line == 2 || line >= 16) {
        cprintf("e1000: no usable interrupt line (%u); waiting polls\n", line);
        return;
    }
    irq_line = line;
    pic_enable_irq(line);
}

[[maybe_unused]] static void
init_transmit()
{
    // LAB 6: BEGIN SOLUTION
    // HINT: fill the transmit ring: every descriptor points at its buffer (physical address) and
    //       starts with DD set (free); TDBAL/TDBAH/TDLEN give the ring to the card, TDH = TDT = 0;
    //       then TCTL (EN, PSP, CT 0x10, COLD 0x40 for full duplex) and TIPG (10, 8, 6: 8254x
    //       manual 13.4.34). Exercise 4, doc/labs/lab6.md.
    for (uint32_t i = 0; i < TX_COUNT; i++) {
        tx_ring[i].buffer = physical(tx_buffers[i]);
        tx_ring[i].status = TX_STATUS_DD; // free: the kernel may fill it
    }
    reg_write(TDBAL, static_cast<uint32_t>(physical(const_cast<TxDescriptor*>(tx_ring))));
    reg_write(TDBAH, 0);
    reg_write(TDLEN, TX_COUNT * sizeof(TxDescriptor));
    reg_write(TDH, 0);
    reg_write(TDT, 0);
    tx_tail = 0;
    reg_write(TCTL,
              TCTL_EN | TCTL_PSP | TCTL_CT << TCTL_CT_SHIFT | TCTL_COLD_FULL << TCTL_COLD_SHIFT);
    reg_write(TIPG, TIPG_IEEE);
    // LAB 6: STUB
    // cprintf("e1000: %s: not implemented (lab 6, doc/labs/lab6.md); transmitting is off\n",
    //         __func__);
    // LAB 6: END SOLUTION
}

[[maybe_unused]] static void
init_receive(const uint8_t mac[6])
{
    // LAB 6: BEGIN SOLUTION
    // HINT: program the receive side: the MAC into RAL0/RAH0 (low byte first, RAH_AV set), the
    //       multicast table zeroed, each descriptor pointing at its buffer, RDBAL/RDBAH/RDLEN; the
    //       card owns RDH..RDT-1, so RDH = 0 and RDT = count - 1; then RCTL (EN, BAM for ARP,
    //       2048-byte buffers, SECRC). Exercise 7, doc/labs/lab6.md.
    reg_write(RAL0, mac[0] | mac[1] << 8 | mac[2] << 16 | static_cast<uint32_t>(mac[3]) << 24);
    reg_write(RAH0, mac[4] | mac[5] << 8 | RAH_AV);
    for (uint32_t i = 0; i < MTA_COUNT; i++)
        reg_write(MTA + 4 * i, 0);
    for (uint32_t i = 0; i < RX_COUNT; i++)
        rx_ring[i].buffer = physical(rx_buffers[i]);
    reg_write(RDBAL, static_cast<uint32_t>(physical(const_cast<RxDescriptor*>(rx_ring))));
    reg_write(RDBAH, 0);
    reg_write(RDLEN, RX_COUNT * sizeof(RxDescriptor));
    // The card may fill every descriptor but the one RDT points at: a ring
    // with head == tail would be empty, not full.
    reg_write(RDH, 0);
    reg_write(RDT, RX_COUNT - 1);
    rx_next = 0;
    reg_write(RCTL, RCTL_EN | RCTL_BAM | RCTL_BSIZE_2048 | RCTL_SECRC);
    // LAB 6: STUB
    // static_cast<void>(mac);
    // cprintf("e1000: %s: not implemented (lab 6, doc/labs/lab6.md); receiving is off\n",
    //         __func__);
    // LAB 6: END SOLUTION
}

bool
e1000_attach(const PciFunction& f)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: map BAR 0 (128 KiB of registers) uncached with mmio_map_region, mask every interrupt
    //       (IMC), read the MAC from the EEPROM (read_mac), set up both rings (device_page,
    //       allocate_buffers, init_transmit, init_receive) and print the MAC line; false (with
    //       a message) if the card cannot be used. Exercise 3, doc/labs/lab6.md. (The
    //       interrupt challenge adds route_interrupt(f.irq_line) once the rings are set up.)
    if (f.bar_size[0] == 0 || f.bar_base[0] == 0) {
        cprintf("e1000: BAR 0 is not a memory window; not using the card\n");
        return false;
    }
    void* rings = device_page();
    if (rings == nullptr || !allocate_buffers(tx_buffers, TX_COUNT) ||
        !allocate_buffers(rx_buffers, RX_COUNT)) {
        cprintf("e1000: out of memory for the rings; not using the card\n");
        return false;
    }
    tx_ring = static_cast<TxDescriptor*>(rings);
    rx_ring = reinterpret_cast<RxDescriptor*>(static_cast<uint8_t*>(rings) +
                                              TX_COUNT * sizeof(TxDescriptor));
    registers =
        static_cast<volatile uint32_t*>(mmio_map_region(PhysAddr(f.bar_base[0]), f.bar_size[0]));
    reg_write(IMC, ~0u); // polling only: no interrupt cause may fire
    uint8_t mac[6];
    read_mac(mac);
    init_transmit();
    init_receive(mac);
    route_interrupt(f.irq_line);
    cprintf("e1000: MAC %02x:%02x:%02x:%02x:%02x:%02x, %u transmit and %u receive descriptors\n",
            mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], TX_COUNT, RX_COUNT);
    return true;
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, f);
    // LAB 6: END SOLUTION
    return false;
}

Error
e1000_try_transmit(const void* frame, size_t len)
{
    if (registers == nullptr)
        return Error::not_supp;
    // LAB 6: BEGIN SOLUTION
    // HINT: copy the frame into the buffer of the descriptor at tx_tail and hand it to the card
    //       (length; EOP, IFCS, RS; DD cleared; then TDT = tail + 1). DD clear at the tail means
    //       the card has not sent it yet: the ring is full, try_again, never wait.
    //       Exercise 5, doc/labs/lab6.md.
    volatile TxDescriptor& d = tx_ring[tx_tail];
    if (!(d.status & TX_STATUS_DD))
        return Error::try_again; // the card has not sent what was here yet
    memcpy(tx_buffers[tx_tail], frame, len);
    d.length = static_cast<uint16_t>(len);
    d.command = TX_CMD_EOP | TX_CMD_IFCS | TX_CMD_RS;
    d.status = 0;
    compiler_barrier();
    tx_tail = (tx_tail + 1) % TX_COUNT;
    reg_write(TDT, tx_tail);
    return Error::ok;
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, frame, len);
    // LAB 6: END SOLUTION
    return Error::not_supp;
}

// Gives rx_next's descriptor back to the card and moves on.
[[maybe_unused]] static void
recycle_receive_descriptor()
{
    rx_ring[rx_next].status = 0;
    compiler_barrier();
    reg_write(RDT, rx_next);
    rx_next = (rx_next + 1) % RX_COUNT;
}

Result<size_t>
e1000_waiting_frame()
{
    if (registers == nullptr)
        return Error::not_supp;
    // LAB 6: BEGIN SOLUTION
    // HINT: the length of the frame in rx_next's descriptor once the card set its DD; try_again
    //       if DD is clear. A descriptor with errors, no EOP or a bad length is given back
    //       (recycle_receive_descriptor) and skipped, at most RX_COUNT of them.
    //       Exercise 8, doc/labs/lab6.md.
    // Bounded: the card may keep filling descriptors while bad ones are skipped.
    for (uint32_t skipped = 0; skipped < RX_COUNT; skipped++) {
        volatile RxDescriptor& d = rx_ring[rx_next];
        if (!(d.status & RX_STATUS_DD))
            return Error::try_again;
        // With 2048-byte buffers and long frames off, a good frame always
        // fits one descriptor; anything else is dropped, as the wire would.
        if ((d.status & RX_STATUS_EOP) && d.errors == 0 && d.length > 0 &&
            d.length <= NET_FRAME_MAX)
            return static_cast<size_t>(d.length);
        recycle_receive_descriptor();
    }
    return Error::try_again;
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6);
    // LAB 6: END SOLUTION
    return Error::not_supp;
}

size_t
e1000_take_frame(void* buf)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: copy the frame e1000_waiting_frame found into buf, give its descriptor back to the
    //       card (recycle_receive_descriptor) and return its length. Exercise 8, doc/labs/lab6.md.
    size_t len = rx_ring[rx_next].length;
    memcpy(buf, rx_buffers[rx_next], len);
    recycle_receive_descriptor();
    return len;
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, buf);
    // LAB 6: END SOLUTION
    return 0;
}

bool
e1000_transmit_room()
{
    return registers != nullptr && tx_ring != nullptr && (tx_ring[tx_tail].status & TX_STATUS_DD);
}

int
e1000_interrupt_line()
{
    return registers != nullptr ? irq_line : -1;
}

void
e1000_acknowledge_interrupt()
{
    if (registers != nullptr)
        static_cast<void>(reg_read(ICR));
}

void
e1000_unmask_interrupts(uint32_t causes)
{
    if (registers == nullptr)
        return;
    reg_write(IMC, ~causes);
    if (causes != 0)
        reg_write(IMS, causes);
}
