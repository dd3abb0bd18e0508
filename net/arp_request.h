// Building the one frame the driver tests send to provoke a reply: an ARP
// request for QEMU's gateway (10.0.2.2) from the guest (10.0.2.15). QEMU's user
// network answers it, and learns the guest's MAC address from it.
#pragma once

#include <inc/types.h>

// Writes the frame at frame (at least 42 bytes) and returns its length.
size_t net_build_arp_request(uint8_t* frame);
