#!/usr/bin/env bash
# Finds the tools FlexJOS needs and installs missing ones on Debian/Ubuntu.
#
#   conf/deps.sh install            install everything that is missing (make deps)
#   conf/deps.sh ensure GROUP...    install what GROUPs need if missing and possible;
#                                   otherwise print one line naming the tool and the fix
#
# Groups: build (g++ -m32, python3), qemu, gdb, bochs, pytest, plot (matplotlib for make bench),
# format (clang-format 14 for make format).
set -u

# group -> "check command|Debian packages|what the user lacks"
declare -A CHECK PACKAGES WHAT
CHECK[build]='check_build'
PACKAGES[build]='g++ gcc-multilib g++-multilib python3 binutils make'
WHAT[build]='a g++ that can build 32-bit code (g++ -m32)'
CHECK[qemu]='command -v ${QEMU:-qemu-system-i386}'
PACKAGES[qemu]='qemu-system-x86'
WHAT[qemu]='qemu-system-i386'
CHECK[gdb]='command -v ${GDB:-gdb}'
PACKAGES[gdb]='gdb'
WHAT[gdb]='gdb'
CHECK[bochs]='check_bochs'
PACKAGES[bochs]='bochs bochs-term bochsbios vgabios'
WHAT[bochs]='bochs with the term display and its BIOS images'
CHECK[pytest]='check_pytest'
PACKAGES[pytest]='python3-pytest python3-pytest-xdist'
WHAT[pytest]='pytest and pytest-xdist for /usr/bin/python3'
CHECK[plot]='check_plot'
PACKAGES[plot]='python3-matplotlib'
WHAT[plot]='matplotlib for /usr/bin/python3 (make bench draws its plot with it)'
CHECK[format]='command -v ${CLANG_FORMAT:-clang-format-14}'
PACKAGES[format]='clang-format-14'
WHAT[format]='clang-format 14 (make format and make check-format; other versions format differently)'
ALL_GROUPS="build qemu gdb bochs pytest plot format"

check_build() {
    local cxx=${CXX:-g++}
    command -v "$cxx" >/dev/null && command -v python3 >/dev/null || return 1
    # A 32-bit libgcc is what gcc-multilib adds; without it -m32 links fail.
    # Without multilib, g++ -m32 still names a libgcc: the 64-bit one.
    local libgcc
    libgcc=$($cxx -m32 -print-libgcc-file-name 2>/dev/null)
    [ -f "$libgcc" ] && [[ "$libgcc" == */32/* ]]
}

check_bochs() {
    command -v "${BOCHS:-bochs}" >/dev/null &&
        [ -f /usr/share/bochs/BIOS-bochs-latest ] &&
        [ -f /usr/share/vgabios/vgabios.bin ] &&
        ls /usr/lib/*/bochs/plugins/libbx_term* >/dev/null 2>&1
}

# Whether python finds these modules: located, not imported (importing
# matplotlib took half a second of every make grade).
have_modules() {
    "${PYTHON:-/usr/bin/python3}" -c 'import importlib.util, sys
sys.exit(0 if all(importlib.util.find_spec(m) for m in sys.argv[1:]) else 1)' "$@" >/dev/null 2>&1
}

check_pytest() {
    have_modules pytest xdist
}

check_plot() {
    have_modules matplotlib
}

have() {
    eval "${CHECK[$1]}" >/dev/null 2>&1
}

apt_install() {
    local sudo=""
    if ! command -v apt-get >/dev/null; then
        echo "flexjos: no apt-get here; install these packages (or their equivalents) yourself: $*" >&2
        return 1
    fi
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo="sudo"
        else
            echo "flexjos: not root; run: sudo apt-get install $*" >&2
            return 1
        fi
    fi
    echo "flexjos: installing $* (apt-get)" >&2
    # Refresh the package lists only when they are missing or an install fails without them.
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2; then
        $sudo apt-get update -q >&2 &&
            $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
    fi
}

ensure() {
    local missing=() packages=() group
    for group in "$@"; do
        if ! have "$group"; then
            missing+=("$group")
            packages+=(${PACKAGES[$group]})
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if apt_install "${packages[@]}"; then
        for group in "${missing[@]}"; do
            if ! have "$group"; then
                echo "flexjos: still missing ${WHAT[$group]} after installing ${PACKAGES[$group]}" >&2
                return 1
            fi
        done
        return 0
    fi
    for group in "${missing[@]}"; do
        echo "flexjos: missing ${WHAT[$group]}; install it with: sudo apt-get install ${PACKAGES[$group]}   (or: make deps)" >&2
    done
    return 1
}

case "${1:-}" in
install) ensure $ALL_GROUPS && echo "flexjos: all tools present" ;;
ensure) shift; ensure "$@" ;;
*) echo "usage: $0 install | ensure GROUP..." >&2; exit 2 ;;
esac
