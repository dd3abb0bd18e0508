// lwIP's one network interface, the E1000 as ns sees it: frames lwIP sends go
// to the output helper in a page each, frames the input helper sends go into
// lwIP's Ethernet input. This file and the socket files (net/ns_socket.h) are
// the only ones that include lwIP's headers.

#include "net/ns.h"

#include <lwip/etharp.h>
#include <lwip/init.h>
#include <lwip/netif.h>
#include <lwip/pbuf.h>
#include <lwip/timeouts.h>
#include <netif/ethernet.h>

static netif ns_netif;
static envid_t ns_output_env;

// lwIP's linkoutput: copies the frame into a fresh page and moves the page to
// the output helper, waiting until it is ready to take it.
static err_t
send_frame(netif*, pbuf* frame)
{
    if (frame->tot_len > NET_FRAME_MAX)
        return ERR_BUF;
    auto* page = reinterpret_cast<PacketPage*>(NS_OUTPUT_VA);
    // A fresh page each time: output keeps the one it was sent (inc/ns.h).
    if (sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W) < 0)
        return ERR_MEM;
    page->length = pbuf_copy_partial(frame, page->data, frame->tot_len, 0);
    int r;
    while ((r = sys_ipc_try_send(ns_output_env, NSREQ_OUTPUT, page, PTE_P | PTE_U | PTE_W)) ==
           to_int(Error::ipc_not_recv))
        sys_yield();
    return r < 0 ? ERR_IF : ERR_OK;
}

static ip4_addr_t
ip4(const uint8_t (&a)[4])
{
    ip4_addr_t addr;
    IP4_ADDR(&addr, a[0], a[1], a[2], a[3]);
    return addr;
}

// netif_add's init callback: an Ethernet interface with ARP.
static err_t
setup_interface(netif* nif)
{
    nif->name[0] = 'e';
    nif->name[1] = 'n';
    nif->output = etharp_output;
    nif->linkoutput = send_frame;
    nif->mtu = 1500;
    nif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(nif->hwaddr, NET_MAC, ETH_HWADDR_LEN);
    nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    return ERR_OK;
}

void
ns_netif_start(envid_t output_env)
{
    ns_output_env = output_env;
    srand(sys_time_msec() ^ static_cast<unsigned>(thisenv->env_id));
    lwip_init();
    ip4_addr_t addr = ip4(NS_IP), netmask = ip4(NS_NETMASK), gateway = ip4(NS_GATEWAY);
    if (netif_add(&ns_netif, &addr, &netmask, &gateway, nullptr, setup_interface, ethernet_input) ==
        nullptr)
        panic("ns: netif_add failed");
    netif_set_default(&ns_netif);
    netif_set_up(&ns_netif);
    netif_set_link_up(&ns_netif);
}

void
ns_netif_input(const PacketPage* frame)
{
    // The helper's word on the length is checked: a bad one drops the frame.
    if (frame->length < NET_ETH_HEADER || frame->length > NET_FRAME_MAX)
        return;
    uint16_t length = static_cast<uint16_t>(frame->length);
    pbuf* p = pbuf_alloc(PBUF_RAW, length, PBUF_POOL);
    if (p == nullptr)
        return; // no buffer: dropped, as a busy card drops it
    pbuf_take(p, frame->data, length);
    if (ns_netif.input(p, &ns_netif) != ERR_OK)
        pbuf_free(p);
}

void
ns_netif_timers()
{
    sys_check_timeouts();
}
