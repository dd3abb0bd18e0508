/* lwIP's configuration for FlexJOS's network server (lwIP's src/include/lwip/opt.h
 * documents every option and its default). ns runs lwIP in one thread with the
 * raw (callback) API: no operating-system layer, no netconn, no lwIP sockets;
 * FlexJOS's sockets are ns's own IPC protocol (inc/nsipc.h). doc/net.md. */
#ifndef FLEXJOS_LWIPOPTS_H
#define FLEXJOS_LWIPOPTS_H

/* One thread, no sys_arch: lwIP is only ever entered from ns's loop. */
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_TIMERS 1

/* IPv4 over Ethernet with ARP, ICMP (ping), UDP and TCP. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_RAW 0
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 0

/* Memory: lwIP's own heap and pools, in ns's .bss (ns's pages, nothing shared). */
#define MEM_ALIGNMENT 4
#define MEM_SIZE (256 * 1024)
#define MEMP_NUM_PBUF 64
#define MEMP_NUM_UDP_PCB 8
#define MEMP_NUM_TCP_PCB 40 /* FlexJOS sockets: NS_MAX_SOCKETS, plus TIME_WAIT */
#define MEMP_NUM_TCP_PCB_LISTEN 8
#define MEMP_NUM_TCP_SEG 256
#define PBUF_POOL_SIZE 128
#define PBUF_POOL_BUFSIZE 1536 /* one Ethernet frame per pool pbuf */

/* TCP: a full-size segment per Ethernet frame and windows of eight segments. */
#define TCP_MSS 1460
#define TCP_WND (8 * TCP_MSS)
#define TCP_SND_BUF (8 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 8
#define LWIP_TCP_KEEPALIVE 0

/* The interface's status and link callbacks are not used. */
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_SINGLE_NETIF 1

/* No statistics; LWIP_DEBUG stays undefined (defined at all, it turns debugging on). */
#define LWIP_STATS 0

#endif
