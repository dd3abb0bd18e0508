// An ARP request (RFC 826) for the gateway, broadcast on the Ethernet.

#include <inc/net.h>
#include <inc/string.h>
#include <net/arp_request.h>

static constexpr uint8_t GUEST_IP[4] = {10, 0, 2, 15};
static constexpr uint8_t GATEWAY_IP[4] = {10, 0, 2, 2};

static uint8_t*
put(uint8_t* p, const void* bytes, size_t n)
{
    memcpy(p, bytes, n);
    return p + n;
}

static uint8_t*
put16(uint8_t* p, uint16_t value) // network byte order: high byte first
{
    p[0] = value >> 8;
    p[1] = value & 0xff;
    return p + 2;
}

size_t
net_build_arp_request(uint8_t* frame)
{
    static constexpr uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static constexpr uint8_t unknown[6] = {};
    uint8_t* p = frame;
    p = put(p, broadcast, 6);
    p = put(p, NET_MAC, 6);
    p = put16(p, 0x0806); // EtherType: ARP
    p = put16(p, 1);      // hardware: Ethernet
    p = put16(p, 0x0800); // protocol: IPv4
    *p++ = 6;             // hardware address length
    *p++ = 4;             // protocol address length
    p = put16(p, 1);      // operation: request
    p = put(p, NET_MAC, 6);
    p = put(p, GUEST_IP, 4);
    p = put(p, unknown, 6);
    p = put(p, GATEWAY_IP, 4);
    return static_cast<size_t>(p - frame);
}
