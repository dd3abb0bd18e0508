# The network card (lab 6, doc/net.md) for make qemu* and make run-NAME*.
#
# Every interactive boot has an E1000 on QEMU's user-mode network (10.0.2.0/24,
# the guest 10.0.2.15, the host 10.0.2.2), as JOS's lab 6 has. Host ports on
# 127.0.0.1 only reach the guest's servers: GDBPORT+1 -> guest TCP and UDP 7
# (echo), GDBPORT+2 -> guest TCP 80 (httpd). Every frame is written to
# qemu.pcap in the tree's root (the classic lab-6 grader reads it there).
# NET=0 boots without the card (e.g. a second QEMU while the ports are busy).
# make grade's labs 1-5 boot without it (QEMU_BASEOPTS); lab 6's tests add it
# with ports and a capture of their own (grade/conftest.py's net_kernel).

NET ?= 1
NET_ECHO_PORT ?= $(shell echo $$(($(GDBPORT) + 1)))
NET_HTTP_PORT ?= $(shell echo $$(($(GDBPORT) + 2)))
NET_PCAP ?= qemu.pcap

# The slot is pinned (03) so the card is 00:03.0 whatever else is attached,
# and romfile= is empty so the firmware loads no network boot ROM.
NET_USER = -netdev user,id=flexnet$(NET_USER_RESTRICT),hostfwd=tcp:127.0.0.1:$(NET_ECHO_PORT)-:7$(comma)hostfwd=tcp:127.0.0.1:$(NET_HTTP_PORT)-:80$(comma)hostfwd=udp:127.0.0.1:$(NET_ECHO_PORT)-:7
NET_CARD = -device e1000,netdev=$(NET_CARD_NETDEV),addr=03,romfile= \
	-object filter-dump,id=flexdump,netdev=$(NET_CARD_NETDEV),file=$(NET_PCAP)

# NET_RAW=1 adds a raw path into the card, for sending it frames no TCP/IP
# stack would build (grade/rawnet.py): the card, the user network and a UDP
# socket pair on 127.0.0.1 are the three ports of one QEMU hub, so every frame
# any of them sends reaches the other two. A UDP datagram sent to
# 127.0.0.1:NET_RAW_QEMU_PORT is one Ethernet frame into the hub; the hub's
# frames go as datagrams to 127.0.0.1:NET_RAW_HOST_PORT. The user network is
# then restrict=on: the hub also hands it the crafted frames, and slirp would
# otherwise open host connections to whatever addresses they name.
NET_RAW ?= 0
NET_RAW_QEMU_PORT ?= $(shell echo $$(($(GDBPORT) + 3)))
NET_RAW_HOST_PORT ?= $(shell echo $$(($(GDBPORT) + 4)))
ifeq ($(NET_RAW),1)
NET_USER_RESTRICT = ,restrict=on
NET_CARD_NETDEV = flexcard
NET_HUB = -netdev hubport,id=flexcard,hubid=0 \
	-netdev hubport,id=flexuserport,hubid=0,netdev=flexnet \
	-netdev dgram,id=flexraw,local.type=inet,local.host=127.0.0.1,local.port=$(NET_RAW_QEMU_PORT),remote.type=inet,remote.host=127.0.0.1,remote.port=$(NET_RAW_HOST_PORT) \
	-netdev hubport,id=flexrawport,hubid=0,netdev=flexraw
else
NET_CARD_NETDEV = flexnet
endif
QEMU_NETOPTS = $(NET_USER) $(NET_HUB) $(NET_CARD)

ifeq ($(NET),1)
QEMUOPTS += $(QEMU_NETOPTS)
endif

# JOS's lab-6 make variables, as the classic grader passes them, become boot
# arguments (doc/jos-differences.md): INIT_CFLAGS=-DTEST_NO_NS is +nons (no
# network server), NET_CFLAGS=-DTESTOUTPUT_COUNT=N is net_testoutput's argument.
BOOT_OPTIONS += $(if $(filter -DTEST_NO_NS,$(INIT_CFLAGS)),+nons )
TESTOUTPUT_COUNT = $(patsubst -DTESTOUTPUT_COUNT=%,%,$(filter -DTESTOUTPUT_COUNT=%,$(NET_CFLAGS)))
run-net_testoutput run-net_testoutput%: ARGS += $(TESTOUTPUT_COUNT)

print-ports:
	@echo "gdb:  tcp 127.0.0.1:$(GDBPORT)"
	@echo "echo: tcp and udp 127.0.0.1:$(NET_ECHO_PORT) -> guest port 7"
	@echo "http: tcp 127.0.0.1:$(NET_HTTP_PORT) -> guest port 80 (http://127.0.0.1:$(NET_HTTP_PORT)/index.html)"
	@if [ "$(NET_RAW)" = 1 ]; then echo "raw:  frames as udp datagrams to 127.0.0.1:$(NET_RAW_QEMU_PORT); the hub's frames come to 127.0.0.1:$(NET_RAW_HOST_PORT)"; fi

# The harness's template: it puts each test's own ports and capture file in.
print-qemu-netopts:
	@echo $(QEMU_NETOPTS)

# Talk to the guest's servers (make run-echosrv-nox, make run-httpd-nox in another terminal).
nc-7:
	nc 127.0.0.1 $(NET_ECHO_PORT)

nc-80:
	nc 127.0.0.1 $(NET_HTTP_PORT)

.PHONY: print-ports print-qemu-netopts nc-7 nc-80
