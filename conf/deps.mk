# Tool checks. Targets that need a tool depend on ensure-<group>, which installs
# it when missing and possible (root with apt-get), or stops with one line
# naming the tool and the command that installs it.

ENSURE = $(Q)QEMU=$(QEMU) GDB=$(GDB) CLANG_FORMAT=$(CLANG_FORMAT) BOCHS=$(BOCHS) PYTHON=$(PYTHON) CXX=$(CXX) conf/deps.sh ensure

# Tools first, then lwIP's source (conf/lwip.mk), which needs apt-get or curl.
deps:
	$(Q)QEMU=$(QEMU) GDB=$(GDB) BOCHS=$(BOCHS) PYTHON=$(PYTHON) CXX=$(CXX) CLANG_FORMAT=$(CLANG_FORMAT) \
		conf/deps.sh install
	$(Q)$(MAKE) --no-print-directory lwip-fetch

ensure-build:
	$(ENSURE) build
ensure-qemu:
	$(ENSURE) qemu
ensure-gdb:
	$(ENSURE) gdb
ensure-bochs:
	$(ENSURE) bochs
ensure-grade:
	$(ENSURE) qemu gdb bochs pytest plot
ensure-format:
	$(ENSURE) format

.PHONY: deps ensure-build ensure-qemu ensure-gdb ensure-bochs ensure-grade ensure-format
