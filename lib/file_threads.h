// The file library's requests from FlexSC-Threads threads (lib/file_threads.cpp),
// for lib/file.cpp.
#pragma once

#include <inc/fsipc.h>
#include <inc/types.h>

// From now on this environment's threads send tagged requests (the server
// has been asked to serve with threads: file_threads_start).
void fsipc_threads_enable();
// Whether the calling thread's request goes by fsipc_from_thread: asked
// for, and a FlexSC-Threads thread that may park.
bool fsipc_threads_on();
// Sends request type, staged in `staged` by the caller, from this thread's
// own request page, and waits for its answer (a page, if any, at dstva; an
// answer left in the page is copied back into `staged`). Returns the
// server's result.
int fsipc_from_thread(envid_t fsenv, FsRequest type, void* dstva, Fsipc& staged);

// Held across open(): its descriptor is free until the answer maps the page
// there, so another thread's open would pick the same one. A no-op unless
// fsipc_threads_on().
struct OpenGuard {
    OpenGuard();
    ~OpenGuard();
    OpenGuard(const OpenGuard&) = delete;
    OpenGuard& operator=(const OpenGuard&) = delete;
    bool held;
};
