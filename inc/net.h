// What the kernel's network driver and the user-level network stack agree on:
// the largest frame, and the card's fixed MAC address.
#pragma once

#include <inc/types.h>

// The largest Ethernet frame one net_try_transmit sends or one net_try_receive
// returns, in bytes, counted from the destination MAC to the end of the payload.
// 1518 = 14-byte header + 4-byte 802.1Q VLAN tag + 1500-byte payload. The frame
// check sequence (CRC) is not included: the card appends it on transmit and strips
// it on receive (kern/e1000.cpp). An untagged frame at the 1500-byte MTU is 1514,
// so lwIP's frames always fit; the 4 extra bytes let a receive buffer hold any
// tagged frame the card may deliver, so nothing is ever cut short.
constexpr size_t NET_FRAME_MAX = 1518;

// Every frame starts with destination and source MAC, then the EtherType.
constexpr size_t NET_ETH_HEADER = 14;

// The card's MAC address: QEMU's default for -device e1000. The driver reads
// the same value from the card's EEPROM; the network stack uses this copy.
constexpr uint8_t NET_MAC[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

// What sys_net_wait waits for (any of the bits given): a received frame to
// take, or a free transmit descriptor. The card's interrupt wakes the waiter.
constexpr uint32_t NET_WAIT_RECEIVE = 1u << 0;
constexpr uint32_t NET_WAIT_TRANSMIT = 1u << 1;
// At most this many environments wait at once; one more gets try_again.
constexpr uint32_t NET_WAITERS_MAX = 8;
