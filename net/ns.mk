# The network server ns (lab 6 Part B, doc/net.md): net/ns*.cpp and the lwIP
# port, linked with the helper loops (net/Makefrag), lwIP (conf/lwip.mk) and
# the library OS. Embedded in the kernel like the file server: the kernel
# starts it for the programs in user/Makefrag's USER_PROGS_NET.

NS_SRCS := net/ns.cpp net/ns_netif.cpp net/ns_sockets.cpp net/ns_requests.cpp net/ns_timer.cpp net/ns_session.cpp net/ns_datagrams.cpp \
	net/lwip_port.cpp
NS_OBJS := $(patsubst net/%.cpp,$(OBJDIR)/net/%.o,$(NS_SRCS))

# lwIP's headers are the system's for ns: their macros are C, not our C++.
$(NS_OBJS): CXXFLAGS_TARGET += -isystem net/lwip -isystem net/lwip/libc -isystem $(LWIP_DIR)/src/include
$(NS_OBJS): | $(LWIP_STAMP)

$(OBJDIR)/net/ns: $(NS_OBJS) $(NET_HELPER_LIB) $(OBJDIR)/net/liblwip.a $(OBJDIR)/lib/entry.o \
		$(OBJDIR)/lib/libjos.a user/user.ld
	@echo + ld $@
	$(Q)$(LD) $(USER_LDFLAGS) -o $@ $(OBJDIR)/lib/entry.o $(NS_OBJS) \
		$(NET_HELPER_LIB) $(OBJDIR)/net/liblwip.a -L$(OBJDIR)/lib -ljos $(LIBGCC)
	$(Q)$(OBJDUMP) -S $@ >$@.asm

$(OBJDIR)/net/ns.strip: $(OBJDIR)/net/ns
	$(Q)$(OBJCOPY) --strip-all $< $@

NET_EMBEDDED_PROGS += ns=$(OBJDIR)/net/ns.strip=0=0
NET_EMBEDDED_BINS += $(OBJDIR)/net/ns.strip
