# Tool checks. Targets that need a tool depend on ensure-<group>, which installs
# it when missing and possible (root with apt-get), or stops with one line
# naming the tool and the command that installs it.

# Tools first, then lwIP's source (conf/lwip.mk), which needs apt-get or curl.
deps:
	$(Q)QEMU=$(QEMU) GDB=$(GDB) BOCHS=$(BOCHS) PYTHON=$(PYTHON) CXX=$(CXX) CLANG_FORMAT=$(CLANG_FORMAT) \
		conf/deps.sh install
	$(Q)$(MAKE) --no-print-directory lwip-fetch

# Each check is told only the tools it looks for: finding the compiler, or a
# Python with pytest, costs processes that make qemu's start need not pay.
ensure-build:
	$(Q)CXX=$(CXX) conf/deps.sh ensure build
ensure-qemu:
	$(Q)QEMU=$(QEMU) conf/deps.sh ensure qemu
ensure-gdb:
	$(Q)GDB=$(GDB) conf/deps.sh ensure gdb
ensure-bochs:
	$(Q)BOCHS=$(BOCHS) conf/deps.sh ensure bochs
ensure-grade:
	$(Q)QEMU=$(QEMU) GDB=$(GDB) BOCHS=$(BOCHS) PYTHON=$(PYTHON) \
		conf/deps.sh ensure qemu gdb bochs pytest plot
ensure-format:
	$(Q)CLANG_FORMAT=$(CLANG_FORMAT) conf/deps.sh ensure format

.PHONY: deps ensure-build ensure-qemu ensure-gdb ensure-bochs ensure-grade ensure-format
