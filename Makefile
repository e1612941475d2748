# awstrace - one non-recursive make (STYLE.md §12). Each module's .mk lists its sources.
#   make            the binary ./awstrace and the sample generator
#   make deps       install the Debian packages the build, tests and benchmarks need
#   make test       unit tests (ASan+UBSan), golden tests, fuzz corpora replayed once
#   make demo       deps, build, samples, then `awstrace decode` on the bundled samples
#   make bench      speed against a libpcap read loop, tcpdump and tshark (a benchmark)
#   make conformance  decode of ../shared/captures against tshark's fields
#   make fuzz       libFuzzer targets built with clang, run for FUZZ_SECONDS each
#   V=1 shows the commands.

CC      ?= gcc
PKGS    := glib-2.0 json-glib-1.0 libpcap libnghttp2 zlib
PKGS    += libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wvla -Wpointer-arith -Wundef -Wimplicit-fallthrough -Wcast-qual -Wnull-dereference
BASE_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -I. $(PKG_CFLAGS) -MMD -MP
CFLAGS  ?= -O2 -g
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TEST_CFLAGS := -O1 -g $(SAN)

ifeq ($(V),1)
Q :=
else
Q := @
endif

BUILD := build
TBUILD := build/test

include capture/capture.mk
include decode/decode.mk
include model/model.mk
include replay/replay.mk
include reports/reports.mk
include samples/samples.mk
include tests/tests.mk

LIB_SRCS := $(CAPTURE_SRCS) $(DECODE_SRCS) $(MODEL_SRCS) $(REPLAY_SRCS) $(REPORTS_SRCS)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
TLIB_OBJS := $(LIB_SRCS:%.c=$(TBUILD)/%.o)
LIB_OBJS += $(SAMPLE_TOPO_OBJ)
TLIB_OBJS += $(SAMPLE_TOPO_OBJ)
MAIN_OBJ := $(BUILD)/reports/awstrace.o
TMAIN_OBJ := $(TBUILD)/reports/awstrace.o

.PHONY: all deps test demo bench conformance fuzz clean samples golden-update unit golden
.DEFAULT_GOAL := all
.SECONDARY:

all: awstrace $(GEN)

$(BUILD)/libawstrace.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(TBUILD)/libawstrace.a: $(TLIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

awstrace: $(MAIN_OBJ) $(BUILD)/libawstrace.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

# the sanitized binary the golden tests run
$(TBUILD)/awstrace: $(TMAIN_OBJ) $(TBUILD)/libawstrace.a
	@echo "  LD      $@"
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -c -o $@ $<

$(TBUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC/san  $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(CMOCKA_CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

# Installs every Debian package the build, tests and benchmarks use: quiet when all are
# there, one `apt-get update` before installing, sudo when not root.
DEB_PKGS := build-essential pkg-config libglib2.0-dev libjson-glib-dev libpcap-dev \
	libnghttp2-dev zlib1g-dev libcmocka-dev clang tshark tcpdump python3-scapy python3
DEB_PKGS += libssl-dev
DEB_PKGS += chromium
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		echo "deps: installing$$(echo $$missing | tr '\n' ' ' | sed 's/^/ /')"; \
		echo "wireshark-common wireshark-common/install-setuid boolean false" | $$sudo debconf-set-selections 2>/dev/null || true; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

demo: deps
	$(Q)$(MAKE) --no-print-directory all samples
	$(Q)sh samples/demo.sh

clean:
	rm -rf $(BUILD) awstrace

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# replay's JSON names the revision it was built from (issue 13): `git describe` at build
# time, "unknown" outside a git checkout. The stamp changes only with the revision, so
# cmd_replay.o is rebuilt exactly then.
GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
GIT_REV_STAMP := $(BUILD)/gen/git-rev.txt
$(shell mkdir -p $(BUILD)/gen; [ "$$(cat $(GIT_REV_STAMP) 2>/dev/null)" = "$(GIT_REV)" ] || echo "$(GIT_REV)" >$(GIT_REV_STAMP))
$(BUILD)/reports/cmd_replay.o $(TBUILD)/reports/cmd_replay.o: $(GIT_REV_STAMP)
$(BUILD)/reports/cmd_replay.o $(TBUILD)/reports/cmd_replay.o: BASE_CFLAGS += -DAWSTRACE_GIT_REV='"$(GIT_REV)"'
# replay's percentiles and log histograms use libm
PKG_LIBS += -lm
