// The Intel 82540EM (8254x family) as the driver sees it: register offsets in
// its memory-mapped BAR 0, their bits, and the two descriptor formats. Numbers
// from Intel's "PCI/PCI-X Family of Gigabit Ethernet Controllers Software
// Developer's Manual" (8254x SDM), chapter 13 (registers) and 3.2-3.4 (descriptors).
#pragma once

#include <inc/types.h>

namespace e1000 {

// Register offsets (bytes into BAR 0; every register is 32 bits).
constexpr uint32_t CTRL = 0x0000; // device control
constexpr uint32_t STATUS = 0x0008;
constexpr uint32_t EERD = 0x0014;  // EEPROM read: start a read, poll for done
constexpr uint32_t ICR = 0x00c0;   // interrupt cause read: reading it clears it
constexpr uint32_t IMS = 0x00d0;   // interrupt mask set: 1 bits let causes interrupt
constexpr uint32_t IMC = 0x00d8;   // interrupt mask clear: 1 bits mask causes
constexpr uint32_t RCTL = 0x0100;  // receive control
constexpr uint32_t TCTL = 0x0400;  // transmit control
constexpr uint32_t TIPG = 0x0410;  // transmit inter-packet gap
constexpr uint32_t RDBAL = 0x2800; // receive ring: base (low, high), length, head, tail
constexpr uint32_t RDBAH = 0x2804;
constexpr uint32_t RDLEN = 0x2808;
constexpr uint32_t RDH = 0x2810;
constexpr uint32_t RDT = 0x2818;
constexpr uint32_t TDBAL = 0x3800; // transmit ring: the same five
constexpr uint32_t TDBAH = 0x3804;
constexpr uint32_t TDLEN = 0x3808;
constexpr uint32_t TDH = 0x3810;
constexpr uint32_t TDT = 0x3818;
constexpr uint32_t MTA = 0x5200; // multicast table: 128 registers
constexpr uint32_t MTA_COUNT = 128;
constexpr uint32_t RAL0 = 0x5400; // receive address 0: MAC bytes 0-3
constexpr uint32_t RAH0 = 0x5404; // MAC bytes 4-5, and the valid bit

// EERD bits (the 82540EM's layout: done is bit 4, the address starts at bit 8).
constexpr uint32_t EERD_START = 1u << 0;
constexpr uint32_t EERD_DONE = 1u << 4;
constexpr uint32_t EERD_ADDR_SHIFT = 8;
constexpr uint32_t EERD_DATA_SHIFT = 16;

constexpr uint32_t RAH_AV = 1u << 31; // the address is valid: accept frames sent to it

// Interrupt causes (ICR, IMS, IMC bits; SDM 13.4.17).
constexpr uint32_t INT_TXDW = 1u << 0; // a transmit descriptor was written back (DD set)
constexpr uint32_t INT_RXT0 = 1u << 7; // receive timer: a frame was stored (no delay set)

// TCTL bits.
constexpr uint32_t TCTL_EN = 1u << 1;     // transmitter on
constexpr uint32_t TCTL_PSP = 1u << 3;    // pad short frames to 64 bytes
constexpr uint32_t TCTL_CT_SHIFT = 4;     // collision threshold
constexpr uint32_t TCTL_COLD_SHIFT = 12;  // collision distance
constexpr uint32_t TCTL_CT = 0x10;        // the SDM's recommended threshold
constexpr uint32_t TCTL_COLD_FULL = 0x40; // full duplex: 64-byte times

// TIPG for IEEE 802.3 on copper (SDM 13.4.34): IPGT 10, IPGR1 8, IPGR2 6.
constexpr uint32_t TIPG_IEEE = 10 | 8u << 10 | 6u << 20;

// RCTL bits.
constexpr uint32_t RCTL_EN = 1u << 1;     // receiver on
constexpr uint32_t RCTL_BAM = 1u << 15;   // accept broadcast (ARP needs it)
constexpr uint32_t RCTL_BSIZE_2048 = 0;   // buffer size 2048 (BSIZE 00, BSEX 0)
constexpr uint32_t RCTL_SECRC = 1u << 26; // strip the CRC: frames end with the payload

// A transmit descriptor, legacy format (SDM 3.3.3).
struct TxDescriptor {
    uint64_t buffer; // physical address of the frame
    uint16_t length; // bytes to send
    uint8_t cso;     // checksum offset (unused)
    uint8_t command; // TX_CMD_*
    uint8_t status;  // TX_STATUS_*, written back by the card
    uint8_t css;     // checksum start (unused)
    uint16_t special;
};
static_assert(sizeof(TxDescriptor) == 16);

constexpr uint8_t TX_CMD_EOP = 1u << 0;   // end of packet: this descriptor ends the frame
constexpr uint8_t TX_CMD_IFCS = 1u << 1;  // insert the frame check sequence (CRC)
constexpr uint8_t TX_CMD_RS = 1u << 3;    // report status: set DD when done
constexpr uint8_t TX_STATUS_DD = 1u << 0; // descriptor done: the card has sent it

// A receive descriptor (SDM 3.2.3).
struct RxDescriptor {
    uint64_t buffer; // physical address of a 2048-byte buffer
    uint16_t length; // bytes the card stored
    uint16_t checksum;
    uint8_t status; // RX_STATUS_*
    uint8_t errors; // nonzero: a bad frame
    uint16_t special;
};
static_assert(sizeof(RxDescriptor) == 16);

constexpr uint8_t RX_STATUS_DD = 1u << 0;  // descriptor done: it holds a frame
constexpr uint8_t RX_STATUS_EOP = 1u << 1; // the frame ends in this descriptor

} // namespace e1000
