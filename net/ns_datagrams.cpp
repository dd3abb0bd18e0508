// UDP sockets (SOCK_DGRAM) inside ns, over lwIP's raw UDP API. lwIP's receive
// callback keeps each datagram with its sender in the socket (up to
// DATAGRAMS_MAX; more are dropped, as a full socket buffer drops them);
// recvfrom takes the oldest, or waits (`later`) until one comes. sendto sends
// at once: UDP has no window to wait for.

#include "net/ns_socket.h"

// lwIP's receive callback: keeps the datagram, or drops it if the socket is full.
static void
on_datagram(void* arg, udp_pcb*, pbuf* p, const ip_addr_t* addr, u16_t port)
{
    auto* s = static_cast<Socket*>(arg);
    if (s->datagram_count == DATAGRAMS_MAX) {
        pbuf_free(p);
        return;
    }
    s->datagrams[s->datagram_count++] = Datagram{p, ip4_addr_get_u32(ip_2_ip4(addr)), htons(port)};
}

int
ns_open_datagrams(Socket& s)
{
    s.udp = udp_new();
    if (s.udp == nullptr)
        return to_int(Error::no_mem);
    udp_recv(s.udp, on_datagram, &s);
    return 0;
}

void
ns_close_datagrams(Socket& s)
{
    if (s.udp != nullptr)
        udp_remove(s.udp);
    for (int i = 0; i < s.datagram_count; i++)
        pbuf_free(s.datagrams[i].payload);
    s.udp = nullptr;
    s.datagram_count = 0;
}

// Sends n bytes of buf to `to`, or to the connected address if to is null.
static Outcome
send_datagram(Socket& s, const uint8_t* buf, uint32_t n, const SockAddrIn* to)
{
    if (n > NSIPC_MAX_DATAGRAM || (to != nullptr && to->sin_family != AF_INET))
        return now(to_int(Error::inval));
    pbuf* p = pbuf_alloc(PBUF_TRANSPORT, static_cast<u16_t>(n), PBUF_RAM);
    if (p == nullptr)
        return now(to_int(Error::no_mem));
    pbuf_take(p, buf, static_cast<u16_t>(n));
    err_t err;
    if (to != nullptr) {
        ip_addr_t addr = address_of(*to);
        err = udp_sendto(s.udp, p, &addr, ntohs(to->sin_port));
    } else {
        err = udp_send(s.udp, p); // ERR_VAL unless connected
    }
    pbuf_free(p);
    return now(err == ERR_OK ? static_cast<int32_t>(n) : ns_error_of(err));
}

// Moves the oldest datagram into the request page (recv's or recvfrom's layout).
static Outcome
receive_datagram(Socket& s, Nsipc* req, bool with_address)
{
    if (s.datagram_count == 0)
        return later;
    Datagram d = s.datagrams[0];
    s.datagram_count--;
    memmove(s.datagrams, s.datagrams + 1, s.datagram_count * sizeof(s.datagrams[0]));
    // The answer overwrites the request: req_n is read first.
    uint32_t n = req->recv.req_n;
    n = n < d.payload->tot_len ? n : d.payload->tot_len;
    if (with_address) {
        n = n < sizeof(req->recvfrom_ret.ret_buf) ? n : sizeof(req->recvfrom_ret.ret_buf);
        SockAddrIn from{};
        from.sin_family = AF_INET;
        from.sin_addr = d.from_addr;
        from.sin_port = d.from_port;
        req->recvfrom_ret.ret_addr = from;
        pbuf_copy_partial(d.payload, req->recvfrom_ret.ret_buf, static_cast<u16_t>(n), 0);
    } else {
        n = n < NSIPC_MAX_RECV ? n : NSIPC_MAX_RECV;
        pbuf_copy_partial(d.payload, req->recv_ret.ret_buf, static_cast<u16_t>(n), 0);
    }
    pbuf_free(d.payload);
    return now(static_cast<int32_t>(n));
}

Outcome
ns_run_datagram_request(Socket& s, uint32_t type, Nsipc* req)
{
    switch (type) {
    case NSREQ_BIND: {
        if (req->bind.req_addr.sin_family != AF_INET)
            return now(to_int(Error::inval));
        ip_addr_t addr = address_of(req->bind.req_addr);
        return now(ns_error_of(udp_bind(s.udp, &addr, ntohs(req->bind.req_addr.sin_port))));
    }
    case NSREQ_CONNECT: {
        if (req->connect.req_addr.sin_family != AF_INET)
            return now(to_int(Error::inval));
        ip_addr_t addr = address_of(req->connect.req_addr);
        return now(ns_error_of(udp_connect(s.udp, &addr, ntohs(req->connect.req_addr.sin_port))));
    }
    case NSREQ_SEND:
        return send_datagram(s, req->send.req_buf, req->send.req_n, nullptr);
    case NSREQ_SENDTO:
        return send_datagram(s, req->sendto.req_buf, req->sendto.req_n, &req->sendto.req_addr);
    case NSREQ_RECV:
        return receive_datagram(s, req, false);
    case NSREQ_RECVFROM:
        return receive_datagram(s, req, true);
    case NSREQ_SHUTDOWN:
        return now(0); // nothing to end: no connection
    case NSREQ_CLOSE:
        ns_close_socket(s);
        return now(0);
    }
    return now(to_int(Error::inval)); // listen, accept: a stream's
}
