#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (Ubuntu or
# Debian): the packages make grade needs (conf/deps.sh's build, qemu and
# pytest groups; gdb for the gdb tests).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends g++ gcc-multilib g++-multilib binutils make git \
    python3 python3-pytest python3-pytest-xdist qemu-system-x86 gdb
