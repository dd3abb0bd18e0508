// Error codes shared by kernel and user space. They travel as negative numbers
// in %eax (JOS's wire format); in C++ they are an Error, which cannot be mixed
// up with an int by accident.
#pragma once

#include <inc/types.h>

// clang-format 14 misreads an attribute on a scoped enum (it glues the brace to
// the type), so this one line is laid out by hand.
// clang-format off
enum class [[nodiscard]] Error : int32_t {
    // clang-format on
    ok = 0,
    unspecified = -1,  // unspecified or unknown problem
    bad_env = -2,      // environment doesn't exist or the caller may not touch it
    inval = -3,        // invalid parameter
    no_mem = -4,       // request failed for lack of memory
    no_free_env = -5,  // the environment table is full
    fault = -6,        // memory fault
    ipc_not_recv = -7, // the target is not waiting in ipc_recv
    eof = -8,          // unexpected end of file
    no_disk = -9,      // no free space on disk
    max_open = -10,    // too many files are open
    not_found = -11,   // file or block not found
    bad_path = -12,    // bad path
    file_exists = -13, // file already exists
    not_exec = -14,    // file is not a valid executable
    not_supp = -15,    // operation not supported
    try_again = -16,   // not now: the card's transmit ring is full, or nothing was received
};

// The number of error codes, counting ok: error_string() knows 0..MAXERROR-1.
constexpr int MAXERROR = 17;

// The message for an error code (positive, as JOS's %e takes it), or nullptr if unknown.
constexpr const char*
error_string(int code)
{
    constexpr const char* messages[MAXERROR] = {
        nullptr,
        "unspecified error",
        "bad environment",
        "invalid parameter",
        "out of memory",
        "out of environments",
        "segmentation fault",
        "env is not recving",
        "unexpected end of file",
        "no free space on disk",
        "too many files are open",
        "file or block not found",
        "invalid path",
        "file already exists",
        "file is not a valid executable",
        "operation not supported",
        "resource busy or empty, try again",
    };
    if (code <= 0 || code >= MAXERROR)
        return nullptr;
    return messages[code];
}

// A value of type T, or the Error that kept it from being produced.
template <typename T>
class [[nodiscard]] Result {
public:
    constexpr Result(T value) : m_value(value), m_error(Error::ok) {}
    constexpr Result(Error error) : m_value(), m_error(error) {}
    constexpr bool ok() const { return m_error == Error::ok; }
    constexpr Error error() const { return m_error; }
    // Call only after ok() returned true.
    constexpr T value() const { return m_value; }

private:
    T m_value;
    Error m_error;
};

constexpr int32_t
to_int(Error e)
{
    return static_cast<int32_t>(e);
}
