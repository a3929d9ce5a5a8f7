# samdoc — the menu. `make demo` and `make check` are the README's two commands.

VERSION  := 0.1.0
CC       ?= gcc
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT      ?= -O2 -g
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
DATADIR  ?= $(CURDIR)
CPPFLAGS += -DSD_VERSION='"$(VERSION)"' -DSD_DATADIR='"$(DATADIR)"'
CFLAGS   += $(CSTD) $(WARN) $(OPT) $(XML_CFLAGS)
LDLIBS   += -lhpdf -lyaml $(XML_LIBS) -lm
BUILD    ?= build

LIB_SRC  := $(filter-out generator/main.c,$(wildcard generator/*.c))
LIB_OBJ  := $(LIB_SRC:generator/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps check demo asan leakcheck lint bench clean unit fuzz fuzz-smoke fuzz-long
all: $(BUILD)/samdoc

deps:
	@bash scripts/install-deps.sh

$(BUILD)/obj/%.o: generator/%.c $(wildcard generator/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

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

bench: all
	@bash bench/run.sh

clean:
	rm -rf build out
