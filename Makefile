# triage: rule-based symptom triage for lower back pain.
# `make run` and `make check` install missing Debian packages first (make deps).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/triage
SYSCONFDIR ?= $(PREFIX)/etc
# The administrator's overlay: its .clp files load after the installed rules.
OVERLAYDIR ?= $(SYSCONFDIR)/triage/rules.d
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -MMD -MP -Iengine -Isrc \
              -isystem /usr/include/clips $(CFLAGS)
# CLIPS is linked statically (the guide's choice); so, by default, are libedit
# (with the terminal and BSD libraries it needs), Jansson and Nettle: six
# shared libraries fewer to map and relocate is about half a millisecond of
# every start. SHARED_LIBS=1 links those dynamically instead, so that Debian's
# security updates of them apply without rebuilding triage.
ifeq ($(SHARED_LIBS),1)
LIBS    := -ledit -ljansson -lnettle -Wl,-Bstatic -lclips -Wl,-Bdynamic -ldl -lpthread -lm
else
LIBS    := -Wl,-Bstatic -ledit -ltinfo -lbsd -lmd -ljansson -lnettle -lclips -Wl,-Bdynamic \
           -ldl -lpthread -lm
endif

DEPS_PKGS := libclips-dev libedit-dev libbsd-dev libmd-dev libncurses-dev libcmocka-dev libjansson-dev \
             nettle-dev pkg-config valgrind libmicrohttpd-dev
# The manual pages are checked by make check (tests/man.sh): small.
DOC_PKGS  := mandoc man-db groff-base
# Only for make deb and make deb-test (installed by them, not by make deps).
PKG_PKGS  := debhelper dpkg-dev fakeroot lintian

ENGINE_SRC := engine/engine.c engine/load.c engine/answers.c engine/graph.c engine/scan.c engine/source.c engine/result.c engine/jbuf.c engine/image.c engine/strata.c
# One file per command in src/cmd/; what they share in src/.
CMD_SRC    := $(sort $(wildcard src/cmd/*.c))
LIB_SRC    := src/cli.c src/util.c src/api.c src/answer.c src/session.c src/plain.c src/text.c src/cases.c src/interview.c src/explain.c src/atomic.c \
              src/transcript.c src/whynot.c src/graph.c src/vignette.c src/lint.c src/diff.c \
              src/lines.c src/pool.c src/progress.c src/startup.c
APP_SRC    := src/main.c $(CMD_SRC) $(LIB_SRC)

# Objects go to build/ (build/asan/ under the sanitizers), never beside the sources.
BUILD      ?= build
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
# The web page's files (web/), built into the program as C arrays.
WEB_FILES  := $(sort $(wildcard web/*.html web/*.js web/*.css web/*.svg))
APP_OBJ    := $(APP_SRC:%.c=$(BUILD)/%.o) $(BUILD)/web.o

# The program: ./triage, or build/asan/triage under the sanitizers.
TRIAGE     := $(if $(filter build,$(BUILD)),triage,$(BUILD)/triage)

FUZZERS := case transcript shell rules api
FUZZ_SECONDS ?= 60
FUZZ_REPLAY := $(FUZZERS:%=$(BUILD)/tests/fuzz-%)

TESTS := $(addprefix $(BUILD)/tests/,test_engine test_scan test_cases test_property test_interview test_answer test_session \
         test_shell test_audit)
TESTS += $(BUILD)/tests/test_result

.PHONY: all deps deps-tools screenshots run check test clean install uninstall deb deb-test asan valgrind \
        bench docs fuzz FORCE
.SECONDARY:

all: $(TRIAGE)

$(TRIAGE): $(APP_OBJ) $(ENGINE_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The installed rules and overlay directories, compiled in; rewritten only when they change.
$(BUILD)/datadir.h: FORCE
	@mkdir -p $(@D)
	@printf '#define TRIAGE_DATADIR "%s"\n#define TRIAGE_OVERLAYDIR "%s"\n' '$(DATADIR)' '$(OVERLAYDIR)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/src/main.o $(BUILD)/src/cli.o: $(BUILD)/datadir.h

$(BUILD)/web.c: web/embed.sh $(WEB_FILES)
	@mkdir -p $(@D)
	sh web/embed.sh $(WEB_FILES) >$@.tmp && mv $@.tmp $@

$(BUILD)/web.o: $(BUILD)/web.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -c -o $@ $<

deps:
	@missing=""; for p in $(DEPS_PKGS) $(DOC_PKGS) $(EXTRA_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@$(MAKE) --no-print-directory deps-tools

# The tools of the HTTP tests, from Debian when missing: node (the API and
# browser tests; npm installs their packages from tests/web/package-lock.json),
# chromium (the browser tests) and wrk (make bench). Not fatal: where chromium
# cannot be installed, the browser tests say plainly that they are skipped.
TOOL_CMDS := node:nodejs chromium:chromium wrk:wrk
WEB_STAMP := tests/web/node_modules/.installed

deps-tools:
	@missing=""; for t in $(TOOL_CMDS); do \
	  command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq; \
	  for p in $$missing; do \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$p || echo "make deps: $$p could not be installed"; \
	  done; \
	  command -v npm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm || true; \
	fi
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(WEB_STAMP); fi

$(WEB_STAMP): tests/web/package.json tests/web/package-lock.json
	npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
	@touch $@

run: deps
	$(MAKE) triage
	./triage

$(BUILD)/tests/test_audit: | $(TRIAGE)

$(BUILD)/tests/test_shell: $(BUILD)/tests/test_shell.o $(TRIAGE)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/tests/test_shell.o -lcmocka -lutil

LIB_OBJ := $(filter-out $(BUILD)/src/main.o,$(APP_OBJ))

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/gen.o $(ENGINE_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka $(LIBS)

TEST_IMAGES := $(CURDIR)/$(BUILD)/images

# The tests keep compiled rule images in their own directory, not the user's;
# a program built elsewhere than ./triage finds the rules through TRIAGE_RULES.
TEST_ENV := TRIAGE_BIN=./$(TRIAGE) TRIAGE_CACHE_DIR=$(TEST_IMAGES) \
            $(if $(filter build,$(BUILD)),,TRIAGE_RULES=$(CURDIR)/rules)

test: $(TRIAGE) $(TESTS) $(FUZZ_REPLAY) $(BUILD)/tests/gen_cases $(if $(shell command -v npm 2>/dev/null),$(WEB_STAMP))
	@rm -rf $(TEST_IMAGES)
	@set -e; for t in $(TESTS); do echo "== $$t"; $(TEST_ENV) ./$$t; done
	@set -e; for f in $(FUZZERS); do ./$(BUILD)/tests/fuzz-$$f tests/fuzz/corpus/$$f tests/fuzz/regress/$$f; done
	@GEN_CASES=./$(BUILD)/tests/gen_cases $(TEST_ENV) sh tests/cli.sh ./$(TRIAGE)
	@$(TEST_ENV) sh tests/rules_example.sh ./$(TRIAGE)
	@$(TEST_ENV) sh tests/clinician.sh ./$(TRIAGE)
	@$(TEST_ENV) sh tests/man.sh ./$(TRIAGE)
	@$(TEST_ENV) sh tests/completion.sh ./$(TRIAGE)
	@MAKE="$(MAKE)" $(TEST_ENV) sh tests/install.sh $(BUILD)
	@command -v node >/dev/null || { echo "make test: the API tests need node (make deps installs it)"; exit 1; }
	@$(TEST_ENV) GEN_CASES=./$(BUILD)/tests/gen_cases node tests/api/api.test.mjs
	@$(TEST_ENV) node tests/web/browser.test.mjs

check: deps
	$(MAKE) test

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer, built
# apart in build/asan/ (the program is build/asan/triage).
asan: deps
	$(MAKE) test BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all $(CFLAGS_EXTRA)" \
	  LDFLAGS="-fsanitize=address,undefined"

# TRIAGE_FREE_AT_EXIT: the program frees everything before it exits, so
# that a leak shows (it otherwise leaves that to the operating system).
VALGRIND := TRIAGE_FREE_AT_EXIT=1 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --num-callers=64 --suppressions=tests/valgrind.supp

# The unit tests (property test shortened; not the ones that drive ./triage
# as a separate process), batch, interview and a scripted shell under valgrind.
valgrind: deps triage $(TESTS) $(BUILD)/tests/fuzz-api
	@set -e; for t in $(filter-out %/test_shell %/test_audit,$(TESTS)); do echo "== valgrind $$t"; \
	  TRIAGE_PROPERTY_CASES=200 $(VALGRIND) ./$$t; done
	$(VALGRIND) ./triage batch --jobs 1 tests/cases/policy.jsonl >/dev/null
	$(VALGRIND) ./triage batch --jobs 2 tests/cases/policy.jsonl >/dev/null
	TRIAGE_POOL_AFTER=0 $(VALGRIND) ./triage batch --jobs 3 --detail summary tests/cases/policy.jsonl >/dev/null
	$(VALGRIND) ./triage batch tests/cases/errors.jsonl >/dev/null || [ $$? -eq 1 ]
	printf 'no\nno\nwhy\nno\nno\nno\nno\n40\nback\n41\nhow disposition\nanswers\n' | \
	  $(VALGRIND) ./triage >/dev/null || [ $$? -eq 4 ]
	$(VALGRIND) ./triage interview --case tests/cases/policy.jsonl >/dev/null
	$(VALGRIND) ./triage explain --rules rules --rules docs/example/overlay --case docs/example/case.json \
	  why-not emergency >/dev/null
	$(VALGRIND) ./triage graph --rules rules --rules docs/example/overlay --case docs/example/case.json >/dev/null
	$(VALGRIND) ./triage graph --rules rules --rules docs/example/overlay --case docs/example/case.json --all >/dev/null
	$(VALGRIND) ./triage explain --rules rules --rules docs/example/overlay --case docs/example/case.json >/dev/null
	@rm -rf $(BUILD)/valgrind-transcripts && mkdir -p $(BUILD)/valgrind-transcripts
	./triage batch --transcripts $(BUILD)/valgrind-transcripts tests/cases/policy.jsonl >/dev/null
	$(VALGRIND) ./triage audit $(BUILD)/valgrind-transcripts/v2-baseline-self-care.jsonl >/dev/null
	printf 'no\nno\nnone\ngradually\nresult\n8\nresult\nback\n' | \
	  ./triage --transcript $(BUILD)/valgrind-transcripts/shell.jsonl >/dev/null || [ $$? -eq 4 ]
	$(VALGRIND) ./triage audit $(BUILD)/valgrind-transcripts/shell.jsonl >/dev/null || [ $$? -eq 4 ]
	$(VALGRIND) ./triage audit --rules rules --rules docs/example/overlay \
	  $(BUILD)/valgrind-transcripts/shell.jsonl >/dev/null || [ $$? -eq 4 ]
	printf 'no\nno\nnone\ngradual\nnone\n3\n34\nlower back\nnone\n3 weeks\nnone\nnone\n8\nfemale\n%b\n%b\n' \
	  'yes\nyes\nno\nno\nno\nno\nno\nno\nno\nno\nno\nno\nno\nno' \
	  'how 1\nhow advice\nplan\nreport $(BUILD)/valgrind-transcripts/r.txt\nreport $(BUILD)/valgrind-transcripts/r.html' | \
	  $(VALGRIND) ./triage --transcript $(BUILD)/valgrind-transcripts/done.jsonl >/dev/null
	$(VALGRIND) ./$(BUILD)/tests/fuzz-api tests/fuzz/corpus/api >/dev/null
	$(VALGRIND) ./triage lint >/dev/null
	$(VALGRIND) ./triage test tests/vignettes >/dev/null
	$(VALGRIND) ./triage check-safety --samples 50 >/dev/null

BENCH_BINS := $(addprefix $(BUILD)/tests/,gen_cases bench_run bench_interview bench_floor bench_first \
              bench_start)
# The JavaScript comparison needs json-rules-engine from npm (skipped without node).
bench: triage $(BENCH_BINS)
	@if command -v npm >/dev/null && [ ! -d tests/bench/node_modules/json-rules-engine ]; then \
	  npm install --prefix tests/bench --no-audit --no-fund --silent || true; fi
	@BIN=$(BUILD)/tests sh tests/bench.sh
	@BIN=$(BUILD)/tests sh tests/bench_serve.sh

$(BUILD)/tests/bench_interview: $(BUILD)/tests/bench_interview.o $(BUILD)/tests/gen.o $(ENGINE_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/bench_floor: $(BUILD)/tests/bench_floor.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/bench_first: tests/bench_first.c
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/tests/bench_start: tests/bench_start.c
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/tests/bench_run: tests/bench_run.c
	$(CC) -O2 -o $@ $<

$(BUILD)/tests/gen_cases: $(BUILD)/tests/gen_cases.o $(BUILD)/tests/gen.o $(ENGINE_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Fuzz harnesses replayed on their seeds and past crashes (make check), and
# run with libFuzzer for FUZZ_SECONDS each (make fuzz; needs clang).
$(BUILD)/tests/fuzz-%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/driver.o $(ENGINE_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -std=c11 \
               -Iengine -Isrc -Ibuild -isystem /usr/include/clips
# Every source but main.c, and the generated build/web.c (the page's files).
fuzz: deps build/datadir.h build/web.c
	@mkdir -p build-fuzz
	@set -e; for f in $(FUZZERS); do \
	  clang $(FUZZ_CFLAGS) -o build-fuzz/fuzz-$$f tests/fuzz/fuzz_$$f.c $(ENGINE_SRC) \
	    $(filter-out src/main.c,$(APP_SRC)) build/web.c $(LIBS); \
	  mkdir -p build-fuzz/corpus-$$f; \
	  echo "== fuzz $$f for $(FUZZ_SECONDS) s"; \
	  ./build-fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crash-$$f- build-fuzz/corpus-$$f tests/fuzz/corpus/$$f \
	    >build-fuzz/fuzz-$$f.log 2>&1 || true; \
	  grep -E "^INFO: Loaded 1 modules" build-fuzz/fuzz-$$f.log; \
	  grep -E " cov: " build-fuzz/fuzz-$$f.log | tail -1; \
	  grep -E "^(stat::(number|average)|==[0-9]+==ERROR|SUMMARY|artifact)" build-fuzz/fuzz-$$f.log || true; \
	done

# The screenshots of the README (docs/screenshots/), taken by the browser
# tests: a question, a checklist, an emergency and a result, at 360x640 and
# 1280x800.
screenshots: triage
	SCREENSHOT_DIR=docs/screenshots TRIAGE_BIN=./triage node tests/web/browser.test.mjs

# The knowledge-base picture of the README (needs graphviz: apt-get install graphviz).
docs: triage
	./triage graph > docs/knowledge-base.dot
	@if command -v dot >/dev/null; then dot -Tsvg docs/knowledge-base.dot > docs/knowledge-base.svg; \
	  echo "wrote docs/knowledge-base.svg"; else echo "graphviz is not installed: wrote the .dot only"; fi

# The program, the rules, the manual pages and the bash completion; the
# overlay directory is created empty. The pages and the completion name the
# installed directories (DATADIR, OVERLAYDIR).
INSTALL_PATHS := -e 's|/usr/share/triage|$(DATADIR)|g' -e 's|/etc/triage/rules\.d|$(OVERLAYDIR)|g'
MAN_PAGES := man/triage.1 man/triage-rules.5 man/triage-case.5

install: $(TRIAGE)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(OVERLAYDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(TRIAGE) $(DESTDIR)$(BINDIR)/triage
	install -m 644 rules/*.clp $(DESTDIR)$(DATADIR)/rules/
	@set -e; for page in $(MAN_PAGES); do \
	  sed $(INSTALL_PATHS) $$page >$(DESTDIR)$(MANDIR)/man$${page##*.}/$${page##*/}; \
	  chmod 644 $(DESTDIR)$(MANDIR)/man$${page##*.}/$${page##*/}; \
	done
	sed $(INSTALL_PATHS) completion/triage.bash >$(DESTDIR)$(BASHCOMPDIR)/triage
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/triage

# Removes what install wrote. The overlay directory goes only when empty: the
# administrator's rules stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/triage $(DESTDIR)$(BASHCOMPDIR)/triage
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(filter %.1,$(MAN_PAGES))))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MAN_PAGES))))
	rm -rf $(DESTDIR)$(DATADIR)
	-rmdir $(DESTDIR)$(OVERLAYDIR) $(dir $(DESTDIR)$(OVERLAYDIR)) 2>/dev/null

# The Debian package, built with dpkg-buildpackage from a copy of the tracked
# files in build/deb/ (so the tree and its parent stay clean), then checked by
# lintian; the .deb is left in build/deb/.
DEB_VERSION = $(shell dpkg-parsechangelog -S Version)
DEB_ARCH    = $(shell dpkg --print-architecture)
DEB_FILE    = build/deb/triage_$(DEB_VERSION)_$(DEB_ARCH).deb

deb:
	@$(MAKE) --no-print-directory deps EXTRA_PKGS="$(PKG_PKGS)"
	rm -rf build/deb
	mkdir -p build/deb/src
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git ls-files -z --cached --others --exclude-standard | \
	    tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C build/deb/src; \
	else \
	  tar --exclude=./build --exclude=./build-fuzz --exclude=./triage --exclude=./tests/.images -cf - . | \
	    tar -xf - -C build/deb/src; \
	fi
	cd build/deb/src && dpkg-buildpackage -us -uc -b
	lintian --fail-on error --display-info build/deb/*.changes
	@echo "built $(DEB_FILE)"

# Builds the package (make deb), then installs it into a scratch root and runs
# cases through it (tests/package.sh).
deb-test: deb $(TRIAGE)
	sh tests/package.sh $(DEB_FILE)

clean:
	rm -rf tests/.images build build-fuzz
	rm -f triage

# (the package's build tree in build/deb/ has its own, and an etc/triage/rules.d directory)
-include $(shell find $(BUILD) -path build/deb -prune -o -name '*.d' -type f -print 2>/dev/null)
