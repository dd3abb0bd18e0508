// FlexJOS's sockets inside ns: a table of sockets over lwIP's TCP (its raw,
// callback API) and the requests of inc/nsipc.h. lwIP's callbacks only record
// what happened (data, a new connection, an error); the requests read that
// record. A request that cannot be answered yet keeps its page and is simply
// run again after every message ns takes (ns_sockets_progress), so nothing
// here ever waits.

#include "net/ns.h"

#include <lwip/tcp.h>

constexpr int BACKLOG_MAX = 8; // accepted connections a listener holds for accept

struct Socket {
    bool used;
    bool handed_out;  // its descriptor page exists: clients have (or had) it
    bool listening;
    bool connecting;
    bool connected;
    bool peer_closed; // the peer's FIN arrived: reads end once `received` is empty
    bool read_shut;   // shutdown(SHUT_RD): reads end now
    err_t error;      // what ended the connection, when lwIP freed the pcb
    tcp_pcb* pcb;     // null once lwIP freed it
    pbuf* received;   // arrived and not yet read
    int backlog[BACKLOG_MAX]; // a listener's accepted connections (socket ids), oldest first
    int backlog_count;
    // The request waiting for its answer, if any; its page is at pending_page().
    bool waiting;
    envid_t waiter;
    uint32_t waiting_type;
};

static Socket sockets[NS_MAX_SOCKETS];

static int
id_of(const Socket& s)
{
    return static_cast<int>(&s - sockets);
}

static Fd*
fd_page(const Socket& s)
{
    return reinterpret_cast<Fd*>(NS_FD_PAGES + id_of(s) * PGSIZE);
}

static Nsipc*
pending_page(const Socket& s)
{
    return reinterpret_cast<Nsipc*>(NS_PENDING_PAGES + id_of(s) * PGSIZE);
}

// The Error (as an int) a client gets for an lwIP error.
static int32_t
error_of(err_t err)
{
    if (err == ERR_OK)
        return 0;
    if (err == ERR_MEM || err == ERR_BUF)
        return to_int(Error::no_mem);
    if (err == ERR_RTE || err == ERR_TIMEOUT || err == ERR_ABRT || err == ERR_RST ||
        err == ERR_CLSD || err == ERR_CONN)
        return to_int(Error::unspecified); // refused, reset, timed out: the connection is gone
    return to_int(Error::inval);
}

// Sends an answer. A client that does not take it within a second (it is gone,
// or never waits) loses it: no client can stop ns.
static void
answer(envid_t client, int32_t value, Fd* page = nullptr)
{
    void* src = page != nullptr ? static_cast<void*>(page) : reinterpret_cast<void*>(UTOP);
    int perm = page != nullptr ? PTE_P | PTE_U | PTE_W | PTE_SHARE : 0;
    uint32_t start = sys_time_msec();
    int r;
    while ((r = sys_ipc_try_send(client, value, src, perm)) == to_int(Error::ipc_not_recv)) {
        if (sys_time_msec() - start > 1000) {
            cprintf("ns: %08x did not wait for its answer\n", client);
            return;
        }
        sys_yield();
    }
}

static Socket*
alloc_socket()
{
    for (Socket& s : sockets) {
        if (!s.used) {
            s = Socket{};
            s.used = true;
            return &s;
        }
    }
    return nullptr;
}

// Gives the socket its descriptor page, which ns keeps mapped (inc/nsipc.h).
static int
hand_out(Socket& s)
{
    Fd* fd = fd_page(s);
    int r = sys_page_alloc(0, fd, PTE_P | PTE_U | PTE_W | PTE_SHARE);
    if (r < 0)
        return r;
    fd->fd_dev_id = devsock.dev_id;
    fd->fd_offset = 0;
    fd->fd_omode = O_RDWR;
    fd->fd_sock.id = id_of(s);
    s.handed_out = true;
    return 0;
}

// lwIP's callbacks. arg is the Socket.

static void
on_error(void* arg, err_t err)
{
    auto* s = static_cast<Socket*>(arg);
    s->pcb = nullptr; // lwIP has freed it
    s->error = err;
    s->connecting = false;
}

static err_t
on_receive(void* arg, tcp_pcb*, pbuf* p, err_t)
{
    auto* s = static_cast<Socket*>(arg);
    if (p == nullptr)
        s->peer_closed = true;
    else if (s->received == nullptr)
        s->received = p;
    else
        pbuf_cat(s->received, p);
    // The window opens again only as the client reads (tcp_recved in do_recv).
    return ERR_OK;
}

static err_t
on_connected(void* arg, tcp_pcb*, err_t)
{
    auto* s = static_cast<Socket*>(arg);
    s->connecting = false;
    s->connected = true;
    return ERR_OK;
}

static void
watch(Socket& s, tcp_pcb* pcb)
{
    s.pcb = pcb;
    tcp_arg(pcb, &s);
    tcp_recv(pcb, on_receive);
    tcp_err(pcb, on_error);
}

static err_t
on_accept(void* arg, tcp_pcb* pcb, err_t err)
{
    auto* listener = static_cast<Socket*>(arg);
    if (err != ERR_OK || pcb == nullptr)
        return ERR_VAL;
    Socket* s = listener->backlog_count < BACKLOG_MAX ? alloc_socket() : nullptr;
    if (s == nullptr) {
        tcp_abort(pcb); // no room: the peer sees a reset
        return ERR_ABRT;
    }
    watch(*s, pcb);
    s->connected = true;
    listener->backlog[listener->backlog_count++] = id_of(*s);
    return ERR_OK;
}

// Ends the connection (gracefully: unread data counts as read, so lwIP sends
// a FIN after what is queued, not a reset), answers a waiting request with an
// error, and frees the socket and its pages.
static void
close_socket(Socket& s)
{
    for (int i = 0; i < s.backlog_count; i++)
        close_socket(sockets[s.backlog[i]]);
    s.backlog_count = 0;
    if (s.waiting)
        answer(s.waiter, to_int(Error::unspecified));
    if (s.pcb != nullptr) {
        tcp_arg(s.pcb, nullptr);
        if (!s.listening) {
            tcp_recv(s.pcb, nullptr);
            tcp_err(s.pcb, nullptr);
            if (s.received != nullptr)
                tcp_recved(s.pcb, s.received->tot_len);
        }
        if (tcp_close(s.pcb) != ERR_OK)
            tcp_abort(s.pcb);
    }
    if (s.received != nullptr)
        pbuf_free(s.received);
    sys_page_unmap(0, fd_page(s));
    sys_page_unmap(0, pending_page(s));
    s = Socket{};
}

// What a request came to: answered now (value, and a descriptor page for
// socket and accept), or to be run again later.
struct Outcome {
    bool wait;
    int32_t value;
    Fd* page;
};
static constexpr Outcome
now(int32_t value, Fd* page = nullptr)
{
    return Outcome{false, value, page};
}
static constexpr Outcome later{true, 0, nullptr};

static ip_addr_t
address_of(const SockAddrIn& sa)
{
    ip_addr_t addr;
    ip_addr_set_ip4_u32(&addr, sa.sin_addr); // both in network order
    return addr;
}

static Outcome
do_bind(Socket& s, const Nsipc* req)
{
    if (s.pcb == nullptr || s.listening || req->bind.req_addr.sin_family != AF_INET)
        return now(to_int(Error::inval));
    ip_addr_t addr = address_of(req->bind.req_addr);
    return now(error_of(tcp_bind(s.pcb, &addr, ntohs(req->bind.req_addr.sin_port))));
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
        return now(error_of(err));
    // lwIP freed the old pcb: the listening one is smaller and takes no data.
    s.pcb = listener;
    s.listening = true;
    tcp_arg(listener, &s);
    tcp_accept(listener, on_accept);
    return now(0);
}

static Outcome
do_accept(Socket& s, Nsipc* req)
{
    if (!s.listening)
        return now(to_int(Error::inval));
    if (s.backlog_count == 0)
        return s.pcb != nullptr ? later : now(error_of(s.error));
    Socket& c = sockets[s.backlog[0]];
    int r = hand_out(c);
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
        return now(s.error != ERR_OK ? error_of(s.error) : to_int(Error::inval));
    if (s.listening || req->connect.req_addr.sin_family != AF_INET)
        return now(to_int(Error::inval));
    ip_addr_t addr = address_of(req->connect.req_addr);
    err_t err = tcp_connect(s.pcb, &addr, ntohs(req->connect.req_addr.sin_port), on_connected);
    if (err != ERR_OK)
        return now(error_of(err));
    s.connecting = true;
    return later;
}

static Outcome
do_send(Socket& s, const Nsipc* req)
{
    if (s.connecting)
        return later;
    if (s.pcb == nullptr)
        return now(s.error != ERR_OK ? error_of(s.error) : to_int(Error::inval));
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
        return now(error_of(err));
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
        return now(s.error == ERR_CLSD || s.error == ERR_OK ? 0 : error_of(s.error));
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
        return now(error_of(tcp_shutdown(s.pcb, 0, 1)));
    return now(0);
}

// Runs a request on socket s; req is its page.
static Outcome
run(Socket& s, uint32_t type, Nsipc* req)
{
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
        close_socket(s);
        return now(0);
    }
    return now(to_int(Error::inval));
}

static void
serve_socket(envid_t client, const Nsipc* req)
{
    if (req->socket.req_domain != AF_INET || req->socket.req_type != SOCK_STREAM ||
        (req->socket.req_protocol != 0 && req->socket.req_protocol != IPPROTO_TCP)) {
        answer(client, to_int(Error::not_supp));
        return;
    }
    Socket* s = alloc_socket();
    tcp_pcb* pcb = s != nullptr ? tcp_new() : nullptr;
    if (pcb == nullptr) {
        if (s != nullptr)
            s->used = false;
        answer(client, to_int(Error::no_mem));
        return;
    }
    watch(*s, pcb);
    int r = hand_out(*s);
    if (r < 0) {
        close_socket(*s);
        answer(client, r);
        return;
    }
    answer(client, 0, fd_page(*s));
}

void
ns_sockets_serve(envid_t client, uint32_t type, Nsipc* req)
{
    if (req == nullptr) {
        answer(client, to_int(Error::inval));
        return;
    }
    if (type == NSREQ_SOCKET) {
        serve_socket(client, req);
        return;
    }
    // Every other request names its socket first.
    int id = req->accept.req_sock;
    if (type < NSREQ_BIND || type > NSREQ_CLOSE || id < 0 || id >= NS_MAX_SOCKETS ||
        !sockets[id].used || !sockets[id].handed_out) {
        answer(client, to_int(Error::inval));
        return;
    }
    Socket& s = sockets[id];
    if (s.waiting && type != NSREQ_CLOSE) {
        answer(client, to_int(Error::try_again)); // one waiting request per socket
        return;
    }
    Outcome o = run(s, type, req);
    if (!o.wait) {
        answer(client, o.value, o.page);
        return;
    }
    // Keep the client's page: the answer (recv's data) goes into it later.
    int r = sys_page_map(0, req, 0, pending_page(s), PTE_P | PTE_U | PTE_W);
    if (r < 0) {
        answer(client, r);
        return;
    }
    s.waiting = true;
    s.waiter = client;
    s.waiting_type = type;
}

void
ns_sockets_progress()
{
    for (Socket& s : sockets) {
        if (!s.used || !s.waiting)
            continue;
        Outcome o = run(s, s.waiting_type, pending_page(s));
        if (o.wait)
            continue;
        s.waiting = false;
        sys_page_unmap(0, pending_page(s));
        answer(s.waiter, o.value, o.page);
    }
}

void
ns_sockets_reap()
{
    for (Socket& s : sockets) {
        if (s.used && s.handed_out && pageref(fd_page(s)) <= 1)
            close_socket(s);
    }
}
