# lwIP, the TCP/IP stack the network server (net/) runs: a fetched dependency,
# never committed. `make lwip-fetch` (part of `make deps`) downloads Debian's
# source tarball into a cache every checkout shares and checks it against
# conf/lwip.sha256; the build unpacks it under obj/ and compiles lwIP's core
# with FlexJOS's port (net/lwip/) into $(OBJDIR)/net/liblwip.a. doc/net.md.

LWIP_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/flexjos/lwip
LWIP_TARBALL := $(LWIP_CACHE)/$(word 2,$(file <conf/lwip.sha256))
LWIP_DIR := $(OBJDIR)/lwip/lwip-2.1.3
LWIP_STAMP := $(OBJDIR)/lwip/unpacked

lwip-fetch:
	$(Q)conf/lwip-fetch.sh $(LWIP_CACHE)

# The first build on a machine fetches lwIP, as missing tools are installed on
# first use; without a network it says what to run. Unpacking checks the hash
# again: the cache is outside the tree and shared.
$(LWIP_STAMP): conf/lwip.sha256
	$(Q)if [ ! -f $(LWIP_TARBALL) ] && ! conf/lwip-fetch.sh $(LWIP_CACHE); then \
		echo "lwIP's source is missing ($(LWIP_TARBALL)) and could not be fetched:" \
			"run make lwip-fetch (or make deps) once the network is up" >&2; \
		exit 1; fi
	$(Q)if ! (cd $(LWIP_CACHE) && sha256sum --quiet -c $(CURDIR)/conf/lwip.sha256); then \
		echo "$(LWIP_TARBALL) does not match conf/lwip.sha256: delete it and run make lwip-fetch" >&2; \
		exit 1; fi
	@echo + unpack $(notdir $(LWIP_TARBALL))
	$(Q)rm -rf $(OBJDIR)/lwip && mkdir -p $(OBJDIR)/lwip
	$(Q)tar -C $(OBJDIR)/lwip -xf $(LWIP_TARBALL)
	$(Q)touch $@

# IPv4, ARP, ICMP, UDP and TCP with the raw (callback) API: ns runs lwIP in
# one thread, so neither netconn nor lwIP's socket layer is built.
LWIP_SRCS := core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c core/memp.c \
	core/netif.c core/pbuf.c core/raw.c core/stats.c core/sys.c core/tcp.c core/tcp_in.c \
	core/tcp_out.c core/timeouts.c core/udp.c \
	core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
	netif/ethernet.c api/err.c
LWIP_OBJS := $(patsubst %.c,$(OBJDIR)/net/lwip/%.o,$(LWIP_SRCS))

# lwIP is C. Only GCC's freestanding headers and net/lwip/libc's small
# string.h/stdlib.h (which name the library OS's functions) are visible.
LWIP_INCLUDES = -Inet/lwip -Inet/lwip/libc -I$(LWIP_DIR)/src/include
LWIP_CFLAGS = -m32 -march=i686 -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) $(LWIP_INCLUDES) \
	-fno-pie -O2 -g -ffunction-sections -fdata-sections -fno-omit-frame-pointer -fno-strict-aliasing -std=gnu11 \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -MMD -MP $(UNSANITIZED_FLAGS) -Wall -Werror

$(LWIP_OBJS): $(OBJDIR)/net/lwip/%.o: $(LWIP_STAMP) | ensure-build
	@echo + cc[LWIP] $*.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(LWIP_CFLAGS) -c -o $@ $(LWIP_DIR)/src/$*.c

$(OBJDIR)/net/liblwip.a: $(LWIP_OBJS)
	@echo + ar $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

.PHONY: lwip-fetch
