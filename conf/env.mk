# Toolchain and emulator settings. Every variable here can be overridden on the
# make command line or in conf/local.mk (not tracked), e.g. `make QEMU=/opt/qemu/bin/qemu-system-i386`.

-include conf/local.mk

# Prefer an i386 ELF cross toolchain when one is on PATH; otherwise the host's
# g++ with -m32 (Debian: g++-multilib) builds the same code.
# Looked up once, when first used, like QEMU and PYTHON below: make qemu and
# the tests' make runs build nothing and need no lookup (each costs shells).
ifndef GCCPREFIX
GCCPREFIX = $(eval GCCPREFIX := $$(shell for p in i386-elf- i386-jos-elf-; do \
	if command -v $$$${p}g++ >/dev/null 2>&1 && $$$${p}objdump -i 2>&1 | grep -q '^elf32-i386$$$$'; \
	then echo $$$$p; exit; fi; done; echo ''))$(GCCPREFIX)
endif

CXX	= $(GCCPREFIX)g++
CC	= $(GCCPREFIX)gcc
LD	= $(GCCPREFIX)ld
OBJCOPY	= $(GCCPREFIX)objcopy
OBJDUMP	= $(GCCPREFIX)objdump
NM	= $(GCCPREFIX)nm
AR	= $(GCCPREFIX)ar
READELF	= $(GCCPREFIX)readelf
GDB	?= gdb

# The host compiler builds tools that run on the build machine (the fs image formatter).
HOSTCXX	?= g++

# QEMU: the i386 system emulator. Only software emulation (TCG) is used.
# (Looked up once, when first used: a recursive `?=` would run the lookup at every use.)
ifndef QEMU
QEMU = $(eval QEMU := $$(shell command -v qemu-system-i386 2>/dev/null || echo qemu-system-i386))$(QEMU)
endif
BOCHS	?= bochs

# A Python that has pytest (Debian's python3-pytest). The python3 first on PATH
# may be another installation without it. Looked up once, when first used, and
# without importing pytest (which takes a second or more on a loaded machine).
HAS_PYTEST = -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("pytest") is None)'
ifndef PYTHON
PYTHON = $(eval PYTHON := $$(shell for p in /usr/bin/python3 python3; do \
	if $$p $$(HAS_PYTEST) >/dev/null 2>&1; then echo $$p; exit; fi; done; echo /usr/bin/python3))$(PYTHON)
endif

# Number of CPUs the emulated machine has, and extra QEMU flags.
CPUS	?= 1
QEMUEXTRA ?=
MEMORY	?= 128

# The gdb port (make print-gdbport shows it): derived from this checkout's
# absolute path and your uid, in 26000-29999, so two checkouts, or two users
# (even two with one uid: root in containers), seldom collide; make qemu-gdb
# says so when they do. GDBPORT=N chooses another. (Worked out when first used.)
ifndef GDBPORT
GDBPORT	= $(eval GDBPORT := $$(shell printf '%s:%s' '$(CURDIR)' "`id -u`" | cksum | awk '{ print 26000 + $$$$1 % 4000 }'))$(GDBPORT)
endif
