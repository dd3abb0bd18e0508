// The entry points GCC calls when an -fsanitize=undefined check fails, linked
// into the kernel and into the library OS. Each gets a pointer to static data
// the compiler laid out (the layouts below, starting with the source location)
// and up to two operands; it names the check and hands over to sanitizer_fail.
// Built without the checks themselves (kern/Makefrag, lib/Makefrag).

#include <inc/sanitizer.h>
#include <inc/stdio.h>
#include <inc/string.h>

namespace {

struct SourceLocation {
    const char* file;
    uint32_t line;
    uint32_t column;
};

// A C type as the compiler describes it. kind 0 is an integer: info bit 0 says
// signed, info >> 1 is log2 of its width in bits. name is the spelling in the source.
struct TypeDescriptor {
    uint16_t kind;
    uint16_t info;
    char name[1];
};

struct OverflowData {
    SourceLocation loc;
    const TypeDescriptor* type;
};

struct ShiftData {
    SourceLocation loc;
    const TypeDescriptor* lhs_type;
    const TypeDescriptor* rhs_type;
};

struct OutOfBoundsData {
    SourceLocation loc;
    const TypeDescriptor* array_type;
    const TypeDescriptor* index_type;
};

// type_check_kind indexes TYPE_CHECK_KINDS; the alignment is 1 << log_alignment.
struct TypeMismatchData {
    SourceLocation loc;
    const TypeDescriptor* type;
    uint8_t log_alignment;
    uint8_t type_check_kind;
};

struct InvalidValueData {
    SourceLocation loc;
    const TypeDescriptor* type;
};

struct NonNullArgData {
    SourceLocation loc;
    SourceLocation attribute_loc;
    int arg_index;
};

struct NonNullReturnData {
    SourceLocation attribute_loc;
};

struct LocationOnlyData {
    SourceLocation loc;
};

constexpr const char* TYPE_CHECK_KINDS[] = {
    "load of",
    "store to",
    "reference binding to",
    "member access within",
    "member call on",
    "constructor call on",
    "downcast of",
    "downcast of",
    "upcast of",
    "cast to virtual base of",
    "nonnull binding to",
    "dynamic operation on",
};

// An operand is passed in the register-sized "value handle" when it fits,
// otherwise as a pointer to it.
using ValueHandle = uintptr_t;

} // namespace

static int
type_bits(const TypeDescriptor* type)
{
    return 1 << (type->info >> 1);
}

static bool
is_signed_integer(const TypeDescriptor* type)
{
    return type->kind == 0 && (type->info & 1) != 0;
}

static int64_t
signed_value(const TypeDescriptor* type, ValueHandle value)
{
    int bits = type_bits(type);
    if (bits > 32)
        return *reinterpret_cast<const int64_t*>(value);
    // Sign-extend from the type's width.
    uint32_t shift = 32 - bits;
    return static_cast<int32_t>(static_cast<uint32_t>(value) << shift) >> shift;
}

static uint64_t
unsigned_value(const TypeDescriptor* type, ValueHandle value)
{
    if (type_bits(type) > 32)
        return *reinterpret_cast<const uint64_t*>(value);
    return value;
}

// Writes an integer operand in decimal.
static void
format_value(char* buf, int size, const TypeDescriptor* type, ValueHandle value)
{
    if (type->kind != 0)
        snprintf(buf, size, "?");
    else if (is_signed_integer(type))
        snprintf(buf, size, "%lld", signed_value(type, value));
    else
        snprintf(buf, size, "%llu", unsigned_value(type, value));
}

// Set while a report is being printed: a check that fails inside the printing
// code itself returns (the checks are built recoverable) instead of recursing.
static bool reporting;

[[noreturn]] static void
report(const SourceLocation& loc, const char* check, const char* detail)
{
    __atomic_store_n(&reporting, true, __ATOMIC_SEQ_CST);
    sanitizer_fail(check, loc.file, loc.line, loc.column, detail);
}

static bool
already_reporting()
{
    return __atomic_load_n(&reporting, __ATOMIC_SEQ_CST);
}

// report, with the detail formatted from fmt.
[[noreturn, gnu::format(printf, 3, 4)]] static void
report_detail(const SourceLocation& loc, const char* check, const char* fmt, ...)
{
    char detail[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    report(loc, check, detail);
}

// An integer operand written in decimal (format_value), for a report's detail.
struct Operand {
    Operand(const TypeDescriptor* type, ValueHandle value)
    {
        format_value(text, sizeof text, type, value);
    }
    char text[24];
};

static void
report_arithmetic(const OverflowData* data, const char* op, ValueHandle lhs, ValueHandle rhs)
{
    if (already_reporting())
        return;
    report_detail(data->loc, "signed-integer-overflow", "%s %s %s overflows %s",
                  Operand(data->type, lhs).text, op, Operand(data->type, rhs).text,
                  data->type->name);
}

extern "C" {
void __ubsan_handle_add_overflow(const OverflowData*, ValueHandle, ValueHandle);
void __ubsan_handle_sub_overflow(const OverflowData*, ValueHandle, ValueHandle);
void __ubsan_handle_mul_overflow(const OverflowData*, ValueHandle, ValueHandle);
void __ubsan_handle_negate_overflow(const OverflowData*, ValueHandle);
void __ubsan_handle_divrem_overflow(const OverflowData*, ValueHandle, ValueHandle);
void __ubsan_handle_shift_out_of_bounds(const ShiftData*, ValueHandle, ValueHandle);
void __ubsan_handle_out_of_bounds(const OutOfBoundsData*, ValueHandle);
void __ubsan_handle_type_mismatch_v1(const TypeMismatchData*, ValueHandle);
void __ubsan_handle_load_invalid_value(const InvalidValueData*, ValueHandle);
void __ubsan_handle_pointer_overflow(const LocationOnlyData*, ValueHandle, ValueHandle);
void __ubsan_handle_vla_bound_not_positive(const OverflowData*, ValueHandle);
void __ubsan_handle_nonnull_arg(const NonNullArgData*);
void __ubsan_handle_nonnull_return_v1(const NonNullReturnData*, const SourceLocation*);
void __ubsan_handle_invalid_builtin(const LocationOnlyData*);
[[noreturn]] void __ubsan_handle_builtin_unreachable(const LocationOnlyData*);
[[noreturn]] void __ubsan_handle_missing_return(const LocationOnlyData*);
}

void
__ubsan_handle_add_overflow(const OverflowData* data, ValueHandle lhs, ValueHandle rhs)
{
    report_arithmetic(data, "+", lhs, rhs);
}

void
__ubsan_handle_sub_overflow(const OverflowData* data, ValueHandle lhs, ValueHandle rhs)
{
    report_arithmetic(data, "-", lhs, rhs);
}

void
__ubsan_handle_mul_overflow(const OverflowData* data, ValueHandle lhs, ValueHandle rhs)
{
    report_arithmetic(data, "*", lhs, rhs);
}

void
__ubsan_handle_negate_overflow(const OverflowData* data, ValueHandle operand)
{
    if (already_reporting())
        return;
    report_detail(data->loc, "signed-integer-overflow", "-(%s) overflows %s",
                  Operand(data->type, operand).text, data->type->name);
}

// x / 0, x % 0, and INT_MIN / -1 (whose quotient does not fit).
void
__ubsan_handle_divrem_overflow(const OverflowData* data, ValueHandle lhs, ValueHandle rhs)
{
    if (already_reporting())
        return;
    bool by_zero = is_signed_integer(data->type) ? signed_value(data->type, rhs) == 0
                                                 : unsigned_value(data->type, rhs) == 0;
    if (by_zero)
        report(data->loc, "integer-divide-by-zero", "");
    report_arithmetic(data, "/", lhs, rhs);
}

// Shifting by a negative amount or by the width or more ("shift-exponent"), or
// shifting a negative value or a 1 out of a signed value ("shift-base").
void
__ubsan_handle_shift_out_of_bounds(const ShiftData* data, ValueHandle lhs, ValueHandle rhs)
{
    if (already_reporting())
        return;
    bool bad_exponent =
        (is_signed_integer(data->rhs_type) && signed_value(data->rhs_type, rhs) < 0) ||
        unsigned_value(data->rhs_type, rhs) >= static_cast<uint64_t>(type_bits(data->lhs_type));
    report_detail(data->loc, bad_exponent ? "shift-exponent" : "shift-base", "%s << %s (%s)",
                  Operand(data->lhs_type, lhs).text, Operand(data->rhs_type, rhs).text,
                  data->lhs_type->name);
}

void
__ubsan_handle_out_of_bounds(const OutOfBoundsData* data, ValueHandle index)
{
    if (already_reporting())
        return;
    report_detail(data->loc, "bounds", "index %s out of bounds for %s",
                  Operand(data->index_type, index).text, data->array_type->name);
}

// One handler for three checks: a null pointer, a misaligned one, and an access
// past the end of an object whose size the compiler knows.
void
__ubsan_handle_type_mismatch_v1(const TypeMismatchData* data, ValueHandle pointer)
{
    if (already_reporting())
        return;
    const char* what = data->type_check_kind < sizeof TYPE_CHECK_KINDS / sizeof TYPE_CHECK_KINDS[0]
                           ? TYPE_CHECK_KINDS[data->type_check_kind]
                           : "access to";
    uintptr_t alignment = uintptr_t(1) << data->log_alignment;
    const char* check = pointer == 0                       ? "null"
                        : (pointer & (alignment - 1)) != 0 ? "alignment"
                                                           : "object-size";
    report_detail(data->loc, check, "%s address %08x of type %s", what, pointer, data->type->name);
}

// A bool that is neither 0 nor 1, or an enum outside its values.
void
__ubsan_handle_load_invalid_value(const InvalidValueData* data, ValueHandle value)
{
    if (already_reporting())
        return;
    report_detail(data->loc, strcmp(data->type->name, "bool") == 0 ? "bool" : "enum",
                  "load of value %s, not valid for %s", Operand(data->type, value).text,
                  data->type->name);
}

void
__ubsan_handle_pointer_overflow(const LocationOnlyData* data, ValueHandle base, ValueHandle result)
{
    if (already_reporting())
        return;
    report_detail(data->loc, "pointer-overflow", "pointer %08x became %08x", base, result);
}

void
__ubsan_handle_vla_bound_not_positive(const OverflowData* data, ValueHandle bound)
{
    if (already_reporting())
        return;
    report_detail(data->loc, "vla-bound", "array bound %s", Operand(data->type, bound).text);
}

void
__ubsan_handle_nonnull_arg(const NonNullArgData* data)
{
    if (already_reporting())
        return;
    report_detail(data->loc, "nonnull-attribute", "null passed as argument %d", data->arg_index);
}

void
__ubsan_handle_nonnull_return_v1(const NonNullReturnData*, const SourceLocation* loc)
{
    if (already_reporting())
        return;
    report(*loc, "returns-nonnull-attribute", "null returned");
}

// __builtin_ctz or __builtin_clz of zero.
void
__ubsan_handle_invalid_builtin(const LocationOnlyData* data)
{
    if (already_reporting())
        return;
    report(data->loc, "builtin", "ctz/clz of zero");
}

void
__ubsan_handle_builtin_unreachable(const LocationOnlyData* data)
{
    report(data->loc, "unreachable", "reached __builtin_unreachable()");
}

void
__ubsan_handle_missing_return(const LocationOnlyData* data)
{
    report(data->loc, "return", "fell off the end of a function that returns a value");
}
