# keten: build, test, install.  Every program in bin/ is built from bin/NAME.c and
# linked with libketen (lib/*.c); adding a command needs no change here.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man
LOCALEDIR = $(PREFIX)/share/locale
COMPDIR  = $(PREFIX)/share/bash-completion/completions

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
GSL_CFLAGS := $(shell pkg-config --cflags gsl 2>/dev/null)
GSL_LIBS   := $(shell pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas -lm)
# libxml2 reads XES (lib/xes.c), zlib gzip input (lib/source.c), libxlsxwriter writes
# Excel workbooks (lib/render.c).
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Ilib $(GSL_CFLAGS) $(XML_CFLAGS)
LDLIBS   += -lcsv $(GSL_LIBS) $(XML_LIBS) -lxlsxwriter -lz -lm -pthread

# BIN and OBJ let the sanitizer build live beside the normal one.
BIN ?= bin
OBJ ?= build/obj

VERSION := $(shell cat VERSION)
CPPFLAGS += -DKETEN_VERSION='"$(VERSION)"'

LIB_SRC  := $(wildcard lib/*.c)
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(OBJ)/lib/%.o)
CMD_SRC  := $(wildcard bin/keten*.c)
CMDS     := $(CMD_SRC:bin/%.c=$(BIN)/%)
MAN1     := $(wildcard man/man1/*.1)
MAN5     := $(wildcard man/man5/*.5)
MAN7     := $(wildcard man/man7/*.7)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(OBJ)/unit/%)

.PHONY: all po deps deps-check deps-asan deps-valgrind check check-asan check-tsan check-valgrind demo bench fuzz lint screenshot install uninstall clean

all: $(CMDS) $(UNITS) $(OBJ)/po/nl.mo

$(OBJ)/lib/%.o: lib/%.c lib/*.h VERSION
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

# The Dutch catalogue: msgfmt checks po/nl.po and writes the .mo that `make install`
# installs for gettext, and the same bytes go into the program as a C array, so that
# --lang nl needs no installed locale (lib/i18n.c).
$(OBJ)/po/nl.mo: po/nl.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ po/nl.po

$(OBJ)/po/nl_mo.h: $(OBJ)/po/nl.mo
	{ echo 'static const unsigned char nl_mo[] = {'; \
	  od -An -v -tu1 $(OBJ)/po/nl.mo | sed 's/[0-9][0-9]*/&,/g'; echo '};'; } >$@.tmp
	mv $@.tmp $@

$(OBJ)/lib/i18n.o: $(OBJ)/po/nl_mo.h
$(OBJ)/lib/i18n.o: CPPFLAGS += -I$(OBJ)/po -DKETEN_NL_MO='"nl_mo.h"' -DLOCALEDIR='"$(LOCALEDIR)"'

# po/keten.pot from the sources (po/extract.sh): run it when a marked text changes, then
# translate the new texts in po/nl.po (HACKING.md, Translations).
po:
	sh po/extract.sh >po/keten.pot

$(OBJ)/libketen.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN)/%: bin/%.c $(OBJ)/libketen.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(OBJ)/libketen.a $(LDLIBS)

# The unit tests share tests/unit/harness.h.
$(OBJ)/unit/%: tests/unit/%.c $(OBJ)/libketen.a lib/*.h tests/unit/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(OBJ)/libketen.a $(LDLIBS)

# deps installs what the build and the tests need when it is missing (Debian/Ubuntu).
deps:
	@sh tests/deps.sh build
deps-check:
	@sh tests/deps.sh check
deps-asan:
	@sh tests/deps.sh asan
deps-valgrind:
	@sh tests/deps.sh valgrind

check: deps-check
	@$(MAKE) --no-print-directory all
	@KETEN_BIN=$(BIN) KETEN_UNIT=$(OBJ)/unit sh tests/run

# Sanitizers abort on the first report (no recovery), so any finding fails a case.
check-asan: deps-asan
	@$(MAKE) --no-print-directory all CC=clang BIN=build/asan/bin OBJ=build/asan/obj \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:exitcode=99 \
	  KETEN_BIN=build/asan/bin KETEN_UNIT=build/asan/obj/unit sh tests/run

# ThreadSanitizer on the cases whose inputs are long enough for the reader's parser thread
# (tests/threads and the unit test test_csvthreads, HACKING.md, Threads); like the others
# it stops at the first report.
check-tsan: deps-asan
	@$(MAKE) --no-print-directory all CC=clang BIN=build/tsan/bin OBJ=build/tsan/obj \
	  CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer"
	@TSAN_OPTIONS=halt_on_error=1:exitcode=99 \
	  KETEN_BIN=build/tsan/bin KETEN_UNIT=build/tsan/obj/unit sh tests/run thread

check-valgrind: deps-valgrind
	@$(MAKE) --no-print-directory all
	@KETEN_BIN=$(BIN) KETEN_UNIT=$(OBJ)/unit KETEN_VALGRIND=1 sh tests/run

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@KETEN_BIN=$(BIN) KETEN_OBJ=$(OBJ) BENCH_BASE=$(BENCH_BASE) sh bench/run

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
fuzz: deps
	@sh tests/fuzz/run $(FUZZ_SECONDS)

lint:
	@sh tests/lint.sh

# The picture of the report in the README's tour (doc/report.png): documentation, made by
# hand when the page changes, not by make check.
screenshot:
	@sh tests/deps.sh browser
	@$(MAKE) --no-print-directory all
	@KETEN_BIN=$(BIN) sh doc/screenshot.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	cp $(CMDS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	mkdir -p $(DESTDIR)$(LOCALEDIR)/nl/LC_MESSAGES $(DESTDIR)$(COMPDIR)
	cp $(OBJ)/po/nl.mo $(DESTDIR)$(LOCALEDIR)/nl/LC_MESSAGES/keten.mo
	cp completion/keten.bash $(DESTDIR)$(COMPDIR)/keten

uninstall:
	rm -f $(CMDS:$(BIN)/%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/%) $(MAN7:man/%=$(DESTDIR)$(MANDIR)/%)
	rm -f $(DESTDIR)$(LOCALEDIR)/nl/LC_MESSAGES/keten.mo $(DESTDIR)$(COMPDIR)/keten

clean:
	rm -rf build $(CMDS)
