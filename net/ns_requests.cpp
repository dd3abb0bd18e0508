// The requests on one socket (inc/nsipc.h), over lwIP's raw TCP API. Each
// reads what lwIP's callbacks recorded in the Socket and either answers now or
// says `later`: ns then runs it again after its next message, until it can
// answer (net/ns_sockets.cpp). None of them waits.

#include "net/ns_socket.h"

static Outcome
do_bind(Socket& s, const Nsipc* req)
{
    if (s.pcb == nullptr || s.listening || req->bind.req_addr.sin_family != AF_INET)
        return now(to_int(Error::inval));
    ip_addr_t addr = address_of(req->bind.req_addr);
    return now(ns_error_of(tcp_bind(s.pcb, &addr, ntohs(req->bind.req_addr.sin_port))));
}

static Outcome
do_listen(Socket& s, const Nsipc* req)
{
    if (s.pcb == nullptr || s.listening || s.connecting || s.connected)
        return now(to_int(Error::inval));
    int backlog = req->listen.req_backlog;
    backlog = backlog < 1 ? 1 : backlog > BACKLOG_MAX ? BACKLOG_MAX : backlog;
    err_t err;
    tcp_pcb* listener = tcp_listen_with_backlog_and_err(s.pcb, static_cast<u8_t>(backlog), &err);
    if (listener == nullptr)
        return now(ns_error_of(err));
    // lwIP freed the old pcb: the listening one is smaller and takes no data.
    s.pcb = listener;
    s.listening = true;
    tcp_arg(listener, &s);
    tcp_accept(listener, ns_on_accept);
    return now(0);
}

static Outcome
do_accept(Socket& s, Nsipc* req)
{
    if (!s.listening)
        return now(to_int(Error::inval));
    if (s.backlog_count == 0)
        return s.pcb != nullptr ? later : now(ns_error_of(s.error));
    Socket& c = ns_socket_table[s.backlog[0]];
    int r = ns_hand_out(c);
    if (r < 0)
        return now(r);
    s.backlog_count--;
    memmove(s.backlog, s.backlog + 1, s.backlog_count * sizeof(s.backlog[0]));
    SockAddrIn peer{};
    peer.sin_family = AF_INET;
    if (c.pcb != nullptr) { // it may have been reset while it waited: reads will say so
        peer.sin_addr = ip4_addr_get_u32(ip_2_ip4(&c.pcb->remote_ip));
        peer.sin_port = htons(c.pcb->remote_port);
    }
    req->accept_ret.ret_addr = peer;
    return now(0, fd_page(c));
}

static Outcome
do_connect(Socket& s, const Nsipc* req)
{
    if (s.connected)
        return now(0);
    if (s.connecting)
        return later;
    if (s.pcb == nullptr)
        return now(s.error != ERR_OK ? ns_error_of(s.error) : to_int(Error::inval));
    if (s.listening || req->connect.req_addr.sin_family != AF_INET)
        return now(to_int(Error::inval));
    ip_addr_t addr = address_of(req->connect.req_addr);
    err_t err = tcp_connect(s.pcb, &addr, ntohs(req->connect.req_addr.sin_port), ns_on_connected);
    if (err != ERR_OK)
        return now(ns_error_of(err));
    s.connecting = true;
    return later;
}

static Outcome
do_send(Socket& s, const Nsipc* req)
{
    if (s.connecting)
        return later;
    if (s.pcb == nullptr)
        return now(s.error != ERR_OK ? ns_error_of(s.error) : to_int(Error::inval));
    if (!s.connected || req->send.req_n == 0 || req->send.req_n > NSIPC_MAX_SEND)
        return now(to_int(Error::inval));
    uint32_t n = req->send.req_n;
    uint32_t room = tcp_sndbuf(s.pcb);
    if (room == 0 || tcp_sndqueuelen(s.pcb) >= TCP_SND_QUEUELEN)
        return later; // acknowledgements make room
    n = n < room ? n : room;
    err_t err = tcp_write(s.pcb, req->send.req_buf, static_cast<u16_t>(n), TCP_WRITE_FLAG_COPY);
    if (err == ERR_MEM)
        return later;
    if (err != ERR_OK)
        return now(ns_error_of(err));
    tcp_output(s.pcb);
    return now(static_cast<int32_t>(n));
}

static Outcome
do_recv(Socket& s, Nsipc* req)
{
    if (s.listening)
        return now(to_int(Error::inval));
    if (s.read_shut)
        return now(0);
    if (s.received != nullptr) {
        uint32_t n = req->recv.req_n;
        n = n < NSIPC_MAX_RECV ? n : NSIPC_MAX_RECV;
        n = n < s.received->tot_len ? n : s.received->tot_len;
        // The answer overwrites the request: n was read first.
        pbuf_copy_partial(s.received, req->recv_ret.ret_buf, static_cast<u16_t>(n), 0);
        s.received = pbuf_free_header(s.received, static_cast<u16_t>(n));
        if (s.pcb != nullptr)
            tcp_recved(s.pcb, static_cast<u16_t>(n));
        return now(static_cast<int32_t>(n));
    }
    if (s.peer_closed)
        return now(0);
    if (s.pcb == nullptr) // reset or aborted; a clean close is peer_closed
        return now(s.error == ERR_CLSD || s.error == ERR_OK ? 0 : ns_error_of(s.error));
    if (!s.connected && !s.connecting)
        return now(to_int(Error::inval));
    return later;
}

static Outcome
do_shutdown(Socket& s, const Nsipc* req)
{
    int how = req->shutdown.req_how;
    if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
        return now(to_int(Error::inval));
    if (how != SHUT_WR)
        s.read_shut = true;
    // Only the sending side goes to lwIP: shutting both there would free the pcb.
    if (how != SHUT_RD && s.pcb != nullptr && s.connected)
        return now(ns_error_of(tcp_shutdown(s.pcb, 0, 1)));
    return now(0);
}

Outcome
ns_run_request(Socket& s, uint32_t type, Nsipc* req)
{
    if (s.udp != nullptr)
        return ns_run_datagram_request(s, type, req);
    switch (type) {
    case NSREQ_BIND:
        return do_bind(s, req);
    case NSREQ_LISTEN:
        return do_listen(s, req);
    case NSREQ_ACCEPT:
        return do_accept(s, req);
    case NSREQ_CONNECT:
        return do_connect(s, req);
    case NSREQ_SEND:
        return do_send(s, req);
    case NSREQ_RECV:
        return do_recv(s, req);
    case NSREQ_SHUTDOWN:
        return do_shutdown(s, req);
    case NSREQ_CLOSE:
        ns_close_socket(s);
        return now(0);
    }
    return now(to_int(Error::inval));
}
