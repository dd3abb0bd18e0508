// A small web server on port 80 (lab 6): answers GET requests with files from
// the file system, 404 for a missing file or a directory, one connection at a
// time (HTTP/1.0: the connection closes after each answer).

#include <inc/lib.h>
#include <inc/socket.h>

constexpr uint16_t HTTP_PORT = 80;
constexpr size_t REQUEST_MAX = 1024; // a request's head; the rest of a longer one is ignored

struct HttpStatus {
    int code;
    const char* reason;
};
constexpr HttpStatus HTTP_OK{200, "OK"};
constexpr HttpStatus HTTP_BAD_REQUEST{400, "Bad Request"};
constexpr HttpStatus HTTP_NOT_FOUND{404, "Not Found"};
constexpr HttpStatus HTTP_NOT_IMPLEMENTED{501, "Not Implemented"};

// A file's Content-Type, from its name's extension.
[[maybe_unused]] static const char*
content_type(const char* path)
{
    const char* dot = nullptr;
    for (const char* p = path; *p != '\0'; p++) {
        if (*p == '.')
            dot = p;
    }
    if (dot != nullptr && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
        return "text/html";
    if (dot != nullptr && strcmp(dot, ".txt") == 0)
        return "text/plain";
    return "application/octet-stream";
}

// Reads the request's head: until the blank line that ends it, a full buffer
// or the end of the stream. Returns its length (0: nothing arrived).
static size_t
read_request(int client, char* buf, size_t size)
{
    size_t n = 0;
    while (n < size - 1) {
        ssize_t r = read(client, buf + n, size - 1 - n);
        if (r <= 0)
            break;
        n += static_cast<size_t>(r);
        buf[n] = '\0';
        for (size_t i = 3; i < n; i++) {
            if (memcmp(buf + i - 3, "\r\n\r\n", 4) == 0)
                return n;
        }
    }
    buf[n] = '\0';
    return n;
}

[[maybe_unused]] static bool
send_all(int client, const void* data, size_t n)
{
    return write(client, data, n) == static_cast<ssize_t>(n);
}

[[maybe_unused]] static void
send_header(int client, HttpStatus status, const char* type, off_t length)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: write the HTTP/1.0 status line, Server, Connection: close, Content-Type and
    //       Content-Length headers and the blank line (\r\n line ends).
    //       Exercise 10, doc/labs/lab6.md.
    char header[256];
    int n = snprintf(header, sizeof header,
                     "HTTP/1.0 %d %s\r\nServer: flexjos-httpd\r\nConnection: close\r\n"
                     "Content-Type: %s\r\nContent-Length: %d\r\n\r\n",
                     status.code, status.reason, type, length);
    send_all(client, header, static_cast<size_t>(n));
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, client, status, type, length);
    // LAB 6: END SOLUTION
}

[[maybe_unused]] static void
send_error(int client, HttpStatus status)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: send a small HTML page naming the status, after its header.
    //       Exercise 10, doc/labs/lab6.md.
    char body[128];
    int n = snprintf(body, sizeof body, "<html><body><p>%d - %s</p></body></html>\r\n", status.code,
                     status.reason);
    send_header(client, status, "text/html", n);
    send_all(client, body, static_cast<size_t>(n));
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, client, status);
    // LAB 6: END SOLUTION
}

// Sends the file's bytes after its header; the length is the file's size.
[[maybe_unused]] static void
send_file(int client, const char* path)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: open path; 404 (send_error) if it is missing or a directory; else the header with
    //       the file's size and type (content_type), then its bytes. Exercise 10, doc/labs/lab6.md.
    int fd = open(path, O_RDONLY);
    Stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || st.st_isdir) {
        if (fd >= 0)
            close(fd);
        send_error(client, HTTP_NOT_FOUND);
        return;
    }
    send_header(client, HTTP_OK, content_type(path), st.st_size);
    static char data[PGSIZE];
    ssize_t n;
    while ((n = read(fd, data, sizeof data)) > 0) {
        if (!send_all(client, data, static_cast<size_t>(n)))
            break;
    }
    close(fd);
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, client, path);
    // LAB 6: END SOLUTION
}

// Answers one request: "GET /path HTTP/1.x".
static void
serve_request(int client, char* request)
{
    // LAB 6: BEGIN SOLUTION
    // HINT: take "GET /path HTTP/1.x": 501 for another method, 400 for a malformed request or a
    //       path too long, else the path (up to ' ', '?' or the line end) to send_file.
    //       Exercise 10, doc/labs/lab6.md.
    if (strncmp(request, "GET ", 4) != 0) {
        send_error(client,
                   strchr(request, ' ') != nullptr ? HTTP_NOT_IMPLEMENTED : HTTP_BAD_REQUEST);
        return;
    }
    char* path = request + 4;
    char* end = path;
    while (*end != ' ' && *end != '?' && *end != '\r' && *end != '\n' && *end != '\0')
        end++;
    if (*path != '/' || end - path >= MAXPATHLEN) {
        send_error(client, HTTP_BAD_REQUEST);
        return;
    }
    *end = '\0';
    send_file(client, path);
    // LAB 6: STUB
    // NOT_IMPLEMENTED(6, client, request);
    // LAB 6: END SOLUTION
}

static void
handle_client(int client)
{
    static char request[REQUEST_MAX];
    if (read_request(client, request, sizeof request) > 0)
        serve_request(client, request);
    close(client);
}

void
umain(int, char**)
{
    binaryname = "httpd";
    int server = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (server < 0)
        panic("httpd: socket: %e", server);
    SockAddrIn addr = sockaddr_in(INADDR_ANY, HTTP_PORT);
    int r;
    if ((r = bind(server, &addr)) < 0 || (r = listen(server, 8)) < 0)
        panic("httpd: bind or listen: %e", r);
    cprintf("Waiting for http connections...\n");
    for (;;) {
        int client = accept(server, nullptr);
        if (client < 0)
            panic("httpd: accept: %e", client);
        handle_client(client);
    }
}
