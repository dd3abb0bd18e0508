#!/bin/bash
# Checks, before make starts QEMU, for what would make it fail with a terse
# error: another QEMU writing the same disk images (QEMU's image lock), or
# something already listening on the gdb port. Explains it in one line, with
# the process id, and exits 1.
#
#   conf/qemu-check.sh images FILE...   no QEMU has one of FILEs open
#   conf/qemu-check.sh port PORT        nothing listens on TCP port PORT
#   conf/qemu-check.sh memory MEMORY SYM  MEMORY (QEMU's -m, MiB) holds the
#                                       kernel whose `nm` map is SYM, with room to run
#
# Reads /proc only (fuser and lsof are often missing); it sees the processes
# of this user (all of them as root). QEMU's own error still covers the rest.

# The pids of running QEMUs.
qemu_pids() {
    local comm
    for comm in /proc/[0-9]*/comm; do
        read -r name <"$comm" 2>/dev/null || continue
        case $name in qemu*) comm=${comm#/proc/}; echo "${comm%/comm}" ;; esac
    done
}

check_images() {
    local dirs=() names=() hit pid file
    for pid in $(qemu_pids); do dirs+=("/proc/$pid/fd"); done
    [ ${#dirs[@]} -eq 0 ] && return
    for file in "$@"; do names+=(-o -lname "$file"); done
    # One find over the QEMUs' descriptors (not a readlink per descriptor).
    hit=$(find "${dirs[@]}" -maxdepth 1 \( -false "${names[@]}" \) -print -quit 2>/dev/null)
    [ -z "$hit" ] && return
    pid=${hit#/proc/}
    pid=${pid%%/*}
    file=$(readlink "$hit")
    local how="another make qemu or make run-NAME in this checkout?"
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- '-snapshot'; then
        how="a make grade test, or a run with QEMUEXTRA=-snapshot?"
    fi
    echo "*** ${file#"$PWD"/} is in use by QEMU pid $pid ($how): quit it (Ctrl-a x) or kill $pid, or boot without writing the disks: QEMUEXTRA=-snapshot" >&2
    exit 1
}

# The pid that owns the socket with this inode, if it is ours to see. One
# find over every process's descriptors (a readlink per descriptor took
# a minute on a busy machine).
socket_owner() {
    local fd
    fd=$(find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\[$1\]" -print -quit 2>/dev/null)
    if [ -n "$fd" ]; then
        fd=${fd#/proc/}
        echo "${fd%%/*}"
    else
        echo "unknown"
    fi
}

check_port() {
    local port_hex inode
    port_hex=$(printf '%04X' "$1")
    # Columns: sl local_address rem_address st ... inode (10th); 0A is LISTEN.
    inode=$(awk -v p=":$port_hex" '$2 ~ p"$" && $4 == "0A" { print $10; exit }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    [ -z "$inode" ] && return
    echo "*** port $1 in use (another make qemu-gdb running? pid $(socket_owner "$inode")): stop it, or choose a port: make GDBPORT=N ..." >&2
    exit 1
}

# The kernel is loaded at 1 MiB physical and runs at KERNBASE; it needs its
# image plus about 1 MiB (boot tables and free pages: kern/page_alloc.cpp's
# check_memory_is_enough says the same from inside).
check_memory() {
    local memory=$1 symbols=$2 mib end
    case $memory in
    [0-9]*[0-9] | [0-9]) mib=$memory ;;
    [0-9]*[Mm]) mib=${memory%?} ;;
    [0-9]*[Gg]) mib=$((${memory%?} * 1024)) ;;
    *) mib= ;;
    esac
    if ! [[ $mib =~ ^[0-9]+$ ]]; then
        echo "*** MEMORY=$memory: expected a size in MiB, such as MEMORY=128" >&2
        exit 1
    fi
    end=$(awk '$3 == "end" { print $1; exit }' "$symbols" 2>/dev/null)
    [ -z "$end" ] && return # no symbol map: QEMU and the kernel will say
    local needed=$(((0x$end - 0xf0000000 + 2 * 1024 * 1024 - 1) / (1024 * 1024)))
    if [ "$mib" -lt "$needed" ]; then
        echo "*** MEMORY=$memory: too small; the kernel alone ends at $(((0x$end - 0xf0000000) / 1024))K: give at least MEMORY=$needed (MiB)" >&2
        exit 1
    fi
}

case $1 in
images) shift; check_images "$@" ;;
port) check_port "$2" ;;
memory) check_memory "$2" "$3" ;;
*) echo "usage: $0 images FILE... | port PORT | memory MEMORY SYMBOLS" >&2; exit 2 ;;
esac
