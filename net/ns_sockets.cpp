// FlexJOS's sockets inside ns: a table of sockets over lwIP's TCP (its raw,
// callback API), the answers to clients, and the requests' comings and goings.
// lwIP's callbacks only record what happened (data, a new connection, an
// error); the requests (net/ns_requests.cpp) read that record. A request that
// cannot be answered yet keeps its page and is simply run again after every
// message ns takes (ns_sockets_progress), so nothing here ever waits.

#include "net/ns_socket.h"

Socket ns_socket_table[NS_MAX_SOCKETS];

// The Error (as an int) a client gets for an lwIP error.
int32_t
ns_error_of(err_t err)
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
    for (Socket& s : ns_socket_table) {
        if (!s.used) {
            s = Socket{};
            s.used = true;
            return &s;
        }
    }
    return nullptr;
}

// Gives the socket its descriptor page, which ns keeps mapped (inc/nsipc.h).
int
ns_hand_out(Socket& s)
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

err_t
ns_on_connected(void* arg, tcp_pcb*, err_t)
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

err_t
ns_on_accept(void* arg, tcp_pcb* pcb, err_t err)
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
void
ns_close_socket(Socket& s)
{
    for (int i = 0; i < s.backlog_count; i++)
        ns_close_socket(ns_socket_table[s.backlog[i]]);
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
    ns_close_datagrams(s);
    sys_page_unmap(0, fd_page(s));
    sys_page_unmap(0, pending_page(s));
    s = Socket{};
}

static void
serve_socket(envid_t client, const Nsipc* req)
{
    int type = req->socket.req_type, protocol = req->socket.req_protocol;
    bool stream = type == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP);
    bool datagram = type == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP);
    if (req->socket.req_domain != AF_INET || !(stream || datagram)) {
        answer(client, to_int(Error::not_supp));
        return;
    }
    Socket* s = alloc_socket();
    tcp_pcb* pcb = s != nullptr && stream ? tcp_new() : nullptr;
    int r = s == nullptr ? to_int(Error::no_mem)
            : stream     ? (pcb ? 0 : to_int(Error::no_mem))
                         : ns_open_datagrams(*s);
    if (r < 0) {
        if (s != nullptr)
            s->used = false;
        answer(client, r);
        return;
    }
    if (stream)
        watch(*s, pcb);
    r = ns_hand_out(*s);
    if (r < 0) {
        ns_close_socket(*s);
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
    if (type < NSREQ_BIND || type > NSREQ_RECVFROM || id < 0 || id >= NS_MAX_SOCKETS ||
        !ns_socket_table[id].used || !ns_socket_table[id].handed_out) {
        answer(client, to_int(Error::inval));
        return;
    }
    Socket& s = ns_socket_table[id];
    if (s.waiting && type != NSREQ_CLOSE) {
        answer(client, to_int(Error::try_again)); // one waiting request per socket
        return;
    }
    Outcome o = ns_run_request(s, type, req);
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
    for (Socket& s : ns_socket_table) {
        if (!s.used || !s.waiting)
            continue;
        Outcome o = ns_run_request(s, s.waiting_type, pending_page(s));
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
    for (Socket& s : ns_socket_table) {
        if (s.used && s.handed_out && pageref(fd_page(s)) <= 1)
            ns_close_socket(s);
    }
}
