# samdoc — the menu. `make demo` and `make check` are the README's two commands.

VERSION  := 0.1.0
CC       ?= gcc
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT      ?= -O2 -g
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
PNG_CFLAGS := $(shell pkg-config --cflags libpng 2>/dev/null)
PNG_LIBS   := $(shell pkg-config --libs libpng 2>/dev/null || echo -lpng16)
DATADIR  ?= $(CURDIR)
# The caller's own flags (dpkg-buildpackage passes Debian's in the
# environment), kept so a recursive make gets them without ours appended.
ENV_FLAGS := CPPFLAGS='$(CPPFLAGS)' CFLAGS='$(CFLAGS)' LDLIBS='$(LDLIBS)'
CPPFLAGS += -DSD_VERSION='"$(VERSION)"' -DSD_DATADIR='"$(DATADIR)"'
CFLAGS   += $(CSTD) $(WARN) $(OPT) $(XML_CFLAGS) $(PNG_CFLAGS)
LDLIBS   += -lhpdf -lyaml $(XML_LIBS) $(PNG_LIBS) -lm
BUILD    ?= build

LIB_SRC  := $(filter-out generator/main.c,$(wildcard generator/*.c))
LIB_OBJ  := $(LIB_SRC:generator/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps check demo asan leakcheck lint bench clean unit install uninstall build-for-prefix deb FORCE schemas fuzz fuzz-smoke fuzz-long
all: $(BUILD)/samdoc

deps:
	@bash scripts/install-deps.sh

$(BUILD)/obj/%.o: generator/%.c $(wildcard generator/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# SD_DATADIR is compiled into samdoc.c only: rebuild it when DATADIR changes
# (the in-tree build and an install share nothing else).
$(BUILD)/obj/samdoc.o: $(BUILD)/datadir
$(BUILD)/datadir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@

$(BUILD)/libsamdoc.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/samdoc: generator/main.c $(BUILD)/libsamdoc.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(BUILD)/libsamdoc.a $(LDFLAGS) $(LDLIBS) -o $@

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libsamdoc.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -Igenerator $< $(BUILD)/libsamdoc.a $(LDFLAGS) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libsamdoc.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Igenerator $< $(BUILD)/libsamdoc.a $(LDFLAGS) $(LDLIBS) -o $@

unit: $(TEST_BIN)

check: deps
	@$(MAKE) --no-print-directory all unit
	@BUILD=$(BUILD) bash tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@rm -rf out
	@for c in examples/*/; do \
	  echo "samdoc render $$c -o out --dato 2026-11-23"; \
	  $(BUILD)/samdoc render $$c -o out --dato 2026-11-23 || exit 1; \
	done
	$(BUILD)/samdoc render --blank -o out
	@find out -name '*.pdf' | sort

# Address and undefined-behaviour sanitizers, then the whole test suite.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang \
	  OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all unit
	@BUILD=build/asan bash tests/run.sh

# valgrind over every example, every document, and the blank forms.
leakcheck: deps
	@$(MAKE) --no-print-directory OPT="-O0 -g" BUILD=build/debug all
	@BUILD=build/debug bash tests/leakcheck.sh

# JSON Schemas for editors, made from the XSDs (README, "Editing the records").
# The output is committed; tests/cli/editor.sh checks that it is up to date.
PYTHON   ?= python3
SCHEMA_JSON := $(patsubst %,schemas/%.schema.json,sag moede diplom)
schemas: $(SCHEMA_JSON)

schemas/%.schema.json: schemas/%.xsd schemas/typer.xsd templates/roller.xml scripts/xsd2json.py
	$(PYTHON) scripts/xsd2json.py $< $@

# libFuzzer targets (clang): the YAML loader and the whole pipeline, our code
# instrumented for coverage, under address and undefined-behaviour sanitizers.
FUZZ_OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
fuzz: deps
	@$(MAKE) --no-print-directory -j2 BUILD=build/fuzz CC=clang OPT="$(FUZZ_OPT)" \
	  LDFLAGS="-fsanitize=fuzzer,address,undefined" build/fuzz/fuzz_load build/fuzz/fuzz_pipeline

# About a minute per target, side by side; seeds from the examples and the
# bad-input cases. FUZZ_SECONDS=3600 make fuzz-smoke for a long run.
FUZZ_SECONDS ?= 60
fuzz-smoke: fuzz
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
	  --suppress=missingIncludeSystem -I generator generator

# The benchmark's helpers: a timer (fork+exec, rusage) and the floor.
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 $< -o $@

bench: all $(BUILD)/bench/measure $(BUILD)/bench/floor
	@BUILD=$(BUILD) bash bench/run.sh
	@bash bench/watch.sh

clean:
	rm -rf build out

# ---- installing ----
# `make install PREFIX=/usr/local DESTDIR=…`: the program, everything it reads
# at run time and the manual. The installed binary is built apart, in
# build/install, with its data folder compiled in as $(PREFIX)/share/samdoc
# (the in-tree build reads the source tree); SAMDOC_DATA still overrides.
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
SHAREDIR := $(PREFIX)/share/samdoc
INSTALL  ?= install
DATA_DIRS  := templates/assets templates schemas/rules schemas fonts   # deepest first
DATA_FILES := $(wildcard templates/*.xml templates/*.xsd templates/README.md templates/assets/*) \
              $(wildcard schemas/*.xsd schemas/rules/*.xml fonts/*.ttf) fonts/LICENSE-DejaVu.txt

build-for-prefix:
	@$(ENV_FLAGS) $(MAKE) --no-print-directory BUILD=build/install DATADIR=$(SHAREDIR) all

install: build-for-prefix
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 build/install/samdoc $(DESTDIR)$(BINDIR)/samdoc
	$(INSTALL) -m 644 docs/samdoc.1 $(DESTDIR)$(MANDIR)/man1/samdoc.1
	@for f in $(DATA_FILES); do \
	  echo "$(INSTALL) -D -m 644 $$f $(DESTDIR)$(SHAREDIR)/$$f"; \
	  $(INSTALL) -D -m 644 $$f $(DESTDIR)$(SHAREDIR)/$$f || exit 1; \
	done

# Removes exactly what install wrote; a folder stays if someone put a file of
# their own in it (a municipality's logo in templates/assets/).
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/samdoc $(DESTDIR)$(MANDIR)/man1/samdoc.1
	rm -f $(addprefix $(DESTDIR)$(SHAREDIR)/,$(DATA_FILES))
	@for d in $(addprefix $(DESTDIR)$(SHAREDIR)/,$(DATA_DIRS)) $(DESTDIR)$(SHAREDIR); do \
	  [ ! -d $$d ] || rmdir --ignore-fail-on-non-empty $$d || exit 1; \
	done

# ---- the Debian package ----
# dpkg-buildpackage writes its results beside the source folder, so it runs on
# a copy in build/deb/ (and its clean step never touches this tree's build/).
ARCH     := $(shell dpkg --print-architecture 2>/dev/null)
DEB      := build/samdoc_$(VERSION)_$(ARCH).deb
DEB_TREE := Makefile README.md generator templates schemas fonts docs/samdoc.1 debian

deb: deps
	@$(MAKE) --no-print-directory $(DEB)

$(DEB): $(wildcard generator/* templates/* templates/assets/* schemas/* schemas/rules/* fonts/* \
                   debian/* debian/source/*) Makefile docs/samdoc.1
	@v=$$(dpkg-parsechangelog -l debian/changelog -S Version); [ "$$v" = "$(VERSION)" ] || \
	  { echo "debian/changelog has version $$v, the Makefile $(VERSION)"; exit 1; }
	rm -rf build/deb && mkdir -p build/deb/samdoc-$(VERSION)
	cp -R --parents $(DEB_TREE) build/deb/samdoc-$(VERSION)/
	cd build/deb/samdoc-$(VERSION) && dpkg-buildpackage --build=binary --no-sign >../build.log 2>&1 || \
	  { tail -n 30 ../build.log; exit 1; }
	cp build/deb/$(notdir $(DEB)) $@
	@echo $@
