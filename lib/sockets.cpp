// Sockets as file descriptors (inc/socket.h): the descriptor page comes from
// the network server, which closes the socket once no environment maps the
// page any more (inc/nsipc.h), so close only drops this reference.

#include <inc/lib.h>
#include <inc/nsipc.h>

// The socket id behind descriptor fdnum. Errors: inval (not a socket).
static int
sock_id(int fdnum)
{
    Fd* fd;
    int r = fd_lookup(fdnum, &fd);
    if (r < 0)
        return r;
    if (fd->fd_dev_id != devsock.dev_id)
        return to_int(Error::inval);
    return fd->fd_sock.id;
}

// Sends a request whose answer is a new descriptor page; returns its number.
static int
request_descriptor(NsRequest type)
{
    Fd* fd;
    int r = fd_alloc(&fd);
    if (r < 0)
        return r;
    if ((r = nsipc(type, fd)) < 0) {
        fd_close(fd, false);
        return r;
    }
    return fd2num(fd);
}

int
socket(int domain, int type, int protocol)
{
    nsipcbuf.socket.req_domain = domain;
    nsipcbuf.socket.req_type = type;
    nsipcbuf.socket.req_protocol = protocol;
    return request_descriptor(NSREQ_SOCKET);
}

// bind and connect: a socket and an address.
static int
request_with_address(NsRequest type, int fdnum, const SockAddrIn* addr)
{
    int id = sock_id(fdnum);
    if (id < 0)
        return id;
    nsipcbuf.bind.req_sock = id;
    nsipcbuf.bind.req_addr = *addr;
    return nsipc(type, nullptr);
}

int
bind(int fdnum, const SockAddrIn* addr)
{
    return request_with_address(NSREQ_BIND, fdnum, addr);
}

int
connect(int fdnum, const SockAddrIn* addr)
{
    return request_with_address(NSREQ_CONNECT, fdnum, addr);
}

// listen and shutdown: a socket and a number (the backlog; how to shut down),
// which the two requests keep at the same places.
static int
request_with_number(NsRequest type, int fdnum, int32_t number)
{
    static_assert(offsetof(Nsipc, listen.req_backlog) == offsetof(Nsipc, shutdown.req_how));
    int id = sock_id(fdnum);
    if (id < 0)
        return id;
    nsipcbuf.listen.req_sock = id;
    nsipcbuf.listen.req_backlog = number;
    return nsipc(type, nullptr);
}

int
listen(int fdnum, int backlog)
{
    return request_with_number(NSREQ_LISTEN, fdnum, backlog);
}

int
accept(int fdnum, SockAddrIn* addr)
{
    int id = sock_id(fdnum);
    if (id < 0)
        return id;
    nsipcbuf.accept.req_sock = id;
    int r = request_descriptor(NSREQ_ACCEPT);
    if (r >= 0 && addr != nullptr)
        *addr = nsipcbuf.accept_ret.ret_addr;
    return r;
}

int
shutdown(int fdnum, int how)
{
    return request_with_number(NSREQ_SHUTDOWN, fdnum, how);
}

ssize_t
send(int fdnum, const void* buf, size_t n)
{
    return write(fdnum, buf, n);
}

ssize_t
recv(int fdnum, void* buf, size_t n)
{
    return read(fdnum, buf, n);
}

ssize_t
sendto(int fdnum, const void* buf, size_t n, const SockAddrIn* to)
{
    int id = sock_id(fdnum);
    if (id < 0)
        return id;
    if (n > NSIPC_MAX_DATAGRAM)
        return to_int(Error::inval);
    nsipcbuf.sendto.req_sock = id;
    nsipcbuf.sendto.req_n = static_cast<uint32_t>(n);
    nsipcbuf.sendto.req_addr = *to;
    memmove(nsipcbuf.sendto.req_buf, buf, n);
    return nsipc(NSREQ_SENDTO, nullptr);
}

ssize_t
recvfrom(int fdnum, void* buf, size_t n, SockAddrIn* from)
{
    int id = sock_id(fdnum);
    if (id < 0)
        return id;
    nsipcbuf.recv.req_sock = id;
    nsipcbuf.recv.req_n = static_cast<uint32_t>(min(n, sizeof(nsipcbuf.recvfrom_ret.ret_buf)));
    int r = nsipc(NSREQ_RECVFROM, nullptr);
    if (r >= 0) {
        memmove(buf, nsipcbuf.recvfrom_ret.ret_buf, r);
        if (from != nullptr)
            *from = nsipcbuf.recvfrom_ret.ret_addr;
    }
    return r;
}

static ssize_t
devsock_read(Fd* fd, void* buf, size_t n)
{
    nsipcbuf.recv.req_sock = fd->fd_sock.id;
    nsipcbuf.recv.req_n = static_cast<uint32_t>(min(n, static_cast<size_t>(NSIPC_MAX_RECV)));
    int r = nsipc(NSREQ_RECV, nullptr);
    if (r > 0)
        memmove(buf, nsipcbuf.recv_ret.ret_buf, r);
    return r;
}

// Queues all n bytes, a page at a time (a blocking socket's write).
static ssize_t
devsock_write(Fd* fd, const void* vbuf, size_t n)
{
    auto* buf = static_cast<const uint8_t*>(vbuf);
    size_t done = 0;
    while (done < n) {
        uint32_t chunk = static_cast<uint32_t>(min(n - done, static_cast<size_t>(NSIPC_MAX_SEND)));
        nsipcbuf.send.req_sock = fd->fd_sock.id;
        nsipcbuf.send.req_n = chunk;
        memmove(nsipcbuf.send.req_buf, buf + done, chunk);
        int r = nsipc(NSREQ_SEND, nullptr);
        if (r < 0)
            return done > 0 ? static_cast<ssize_t>(done) : r;
        done += static_cast<size_t>(r);
    }
    return static_cast<ssize_t>(done);
}

// The last reference but the server's closes the connection now (the server
// would notice later by itself); other references keep it open.
static int
devsock_close(Fd* fd)
{
    if (pageref(fd) > 2)
        return 0;
    nsipcbuf.close.req_sock = fd->fd_sock.id;
    return nsipc(NSREQ_CLOSE, nullptr);
}

// A socket has no size (fstat's 0).
static int
devsock_stat(Fd*, Stat* st)
{
    strcpy(st->st_name, "<sock>");
    return 0;
}

const Dev devsock = {'s',           "sock",       devsock_read, devsock_write,
                     devsock_close, devsock_stat, nullptr};

bool
inet_aton(const char* s, uint32_t* addr)
{
    uint32_t host = 0;
    for (int part = 0; part < 4; part++) {
        const char* end;
        if (*s < '0' || *s > '9')
            return false;
        long v = strtol(s, &end, 10);
        if (v > 255 || end == s || *end != (part < 3 ? '.' : '\0'))
            return false;
        host = (host << 8) | static_cast<uint32_t>(v);
        s = end + (part < 3 ? 1 : 0);
    }
    *addr = htonl(host);
    return true;
}

SockAddrIn
sockaddr_in(uint32_t addr, uint16_t port)
{
    SockAddrIn sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr = htonl(addr);
    return sa;
}
