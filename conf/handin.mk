# make handin: checks the tree and writes handin-labN.tar.gz (conf/handin.py, doc/labs.md).
# make handin-check FILE=handin-labN.tar.gz: verifies one.
handin:
	$(Q)$(PYTHON) conf/handin.py handin

handin-check:
	$(Q)$(if $(FILE),,echo "make handin-check FILE=handin-labN.tar.gz" >&2; exit 2;) \
	$(PYTHON) conf/handin.py check $(FILE)

.PHONY: handin handin-check
