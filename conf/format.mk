# The house style (../shared/STYLE.md, C1) is .clang-format's: `make format`
# rewrites the sources in place, `make check-format` lists the files that differ
# and fails (CI runs it). clang-format 14 exactly: other versions lay out some
# constructs differently. lwIP's port headers follow lwIP's names, not ours,
# but are formatted too; generated files under obj/ are not sources.

CLANG_FORMAT ?= clang-format-14
FORMAT_SOURCES = $(or $(shell git ls-files '*.cpp' '*.h' 2>/dev/null),\
	$(shell find boot common fs inc kern lib net user -name '*.cpp' -o -name '*.h'))

format: ensure-format
	$(Q)$(CLANG_FORMAT) -i $(FORMAT_SOURCES)

check-format: ensure-format
	$(Q)bad=$$(for f in $(FORMAT_SOURCES); do \
		$(CLANG_FORMAT) $$f | cmp -s - $$f || echo $$f; done); \
	if [ -n "$$bad" ]; then \
		echo "these files are not in the house style; run make format:" $$bad >&2; exit 1; fi
	$(Q)long=$$(awk 'length > 100 { print FILENAME ":" FNR }' $(FORMAT_SOURCES)); \
	if [ -n "$$long" ]; then \
		echo "lines over 100 columns (comments and strings too; wrap them by hand):" $$long >&2; \
		exit 1; fi

.PHONY: format check-format
