# Intake: `make run` to chat, `make test` for the whole suite. Both install what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
BIN := .build/debug/intake
DIALOG ?= Dialogs/migraine.yaml
PORT ?= 2323

.PHONY: all deps build run serve test unit-tests dialog-tests fhir-check fhir-deps e2e-serve e2e-tls kiosk-test load-test fuzz fuzz-short bench bench-tls bench-pg bench-deps clean \
	test-sanitize test-asan test-tsan torture torture-short crash soak build-postgres failover failover-short ops-test

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# PostgreSQL as the store (`--db postgres://...`, docs/storage.md) is the package trait PostgreSQL: off in `make build`
# and `make run`, whose first build postgres-nio would slow by minutes; on in `make build-postgres` and in `make test`,
# which tests the store on both backends and runs the failover test.
POSTGRES_FLAGS := --traits PostgreSQL

build-postgres: deps
	$(SWIFT) build $(filter-out $(POSTGRES_FLAGS),$(BUILD_FLAGS)) $(POSTGRES_FLAGS)

run: build
	@$(BIN) chat $(if $(wildcard $(DIALOG)),--dialog $(DIALOG),)

serve: build
	$(BIN) serve --port $(PORT)

# The whole suite: unit and end-to-end tests, then the dialogs' own lint and transcripts.
test: BUILD_FLAGS += $(POSTGRES_FLAGS)
test: build unit-tests dialog-tests fhir-check e2e-serve e2e-tls kiosk-test load-test ops-test fuzz-short torture-short crash failover-short

# One test at a time: in parallel the suite takes a third of the time, but on a two-core machine the
# tests that time a server's deadlines (idle, handshake, shutdown, the resume-code window) then miss them.
unit-tests: deps
	$(SWIFT) test --no-parallel $(BUILD_FLAGS)

# docs/examples/ holds the dialogs the documentation shows in full, with their transcripts beside them.
dialog-tests: build
	$(BIN) lint Dialogs/*.yaml docs/examples/*.yaml
	$(BIN) test Dialogs/ docs/examples/
	# A dialog run in its Spanish translation: the Spanish answer corpus (Spanish words of yes, no, doubt, lists, amounts).
	$(BIN) test Tests/DialogKitTests/Data/translation/running/
	$(BIN) check --max-seconds 300 Dialogs/*.yaml docs/examples/*.yaml

# The FHIR export checked with real FHIR tools (fhir.resources as R4, fhirpathpy): the Questionnaire and every
# transcript's QuestionnaireResponse parse, and the exported enableWhen and FHIRPath expressions give the
# questions the engine asked and the values it computed (scripts/fhir-check.py).
fhir-check: build fhir-deps
	.build/fhir-venv/bin/python scripts/fhir-check.py --intake $(BIN) Dialogs/ Tests/Data/fhir/ docs/examples/

fhir-deps:
	@bash scripts/install-deps.sh fhir

# `intake serve` end to end: the built server on a free port, the example dialog over nc and telnet.
e2e-serve: build
	bash scripts/e2e-serve.sh $(BIN)

# `intake chat --kiosk` in tmux: after each person the screen and the scrollback hold nothing of them.
kiosk-test: build
	python3 scripts/kiosk-test.py --binary $(BIN)

# TLS on the server's port with real clients: openssl s_client, socat, irssi in tmux; SIGHUP reload,
# refused plain text and bad files (scripts/e2e-tls.sh).
e2e-tls: build
	bash scripts/e2e-tls.sh $(BIN)

# libFuzzer targets with AddressSanitizer (Fuzz/run.sh); FUZZ_SECONDS per target, 60 by default.
fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} bash Fuzz/run.sh

# The short run `make test` includes.
fuzz-short: deps
	FUZZ_SECONDS=20 bash Fuzz/run.sh

# The built server under 100 connections of `intake load`, every transcript of every dialog: fails on
# any wrong session, so correctness under concurrency is tested on every change.
load-test: build
	bash scripts/load-test.sh $(BIN)

# intake serve --metrics as an operator sees it (scripts/ops-test.py): promtool check metrics, counters moving
# under intake load, and (as root) the store's tmpfs filled: the error logged, counted, /healthz 503, then 200.
ops-test: build
	python3 scripts/ops-test.py --binary $(BIN)

# Engine benchmarks (Benchmarks/, a separate package so the main build does not pay for the harness)
# and the load runs of the release build; rewrites docs/performance.md and its plots (scripts/bench.sh).
bench: deps bench-deps
	bash scripts/bench.sh

# What TLS costs: the release build under `intake load` at 100 connections with and without TLS, and the
# time to the greeting over TLS and plain TCP (scripts/bench-tls.sh; bench.sh runs it too).
bench-tls: deps bench-deps
	bash scripts/bench-tls.sh

# Two servers on one throwaway PostgreSQL against one on SQLite, turns per second and their ratio
# (scripts/bench-pg.sh; bench.sh runs it too).
bench-pg: deps bench-deps
	bash scripts/bench-pg.sh

bench-deps:
	@bash scripts/install-deps.sh bench

# The whole test suite under AddressSanitizer, then under ThreadSanitizer, each in its own build folder
# (Sanitizers/ holds the suppressions, each with the reason it is not a fault of ours).
test-sanitize: test-asan test-tsan

# XCTest is off (there are no XCTest tests; its runner leaves objects LeakSanitizer reports); socket tests wait
# four times as long for replies (INTAKE_TEST_TIMEOUT_SCALE), since instrumented code is slower.
# Two load client tests are skipped: they check what is done in a fixed time, which instrumented code cannot keep.
SANITIZER_TEST_FLAGS := --disable-xctest --skip openLoopPacesTheLinesAtTheOfferedRate --skip theEchoServerSendsEveryLineBack
test-asan: deps
	ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:malloc_context_size=100 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/Sanitizers/lsan.supp:print_suppressions=0 \
		INTAKE_TEST_TIMEOUT_SCALE=4 SWIFT_BACKTRACE=enable=no \
		$(SWIFT) test --sanitize=address --scratch-path .build-asan $(SANITIZER_TEST_FLAGS)

test-tsan: deps
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/Sanitizers/tsan.supp \
		INTAKE_TEST_TIMEOUT_SCALE=4 SWIFT_BACKTRACE=enable=no \
		$(SWIFT) test --sanitize=thread --scratch-path .build-tsan $(SANITIZER_TEST_FLAGS)

# Hostile clients while 1,000 well-behaved sessions run (scripts/torture.py, one module a mode in scripts/stress/;
# the sessions follow the served dialog's own transcripts); the short run is in `make test`.
torture: build
	python3 scripts/torture.py torture --scale full --binary $(BIN)

torture-short: build
	python3 scripts/torture.py torture --scale small --binary $(BIN)

# SIGKILL the server while 1,000 kept sessions are under way, restart it on the same store, resume each one:
# every acknowledged answer must be there, none twice.
crash: build
	python3 scripts/torture.py crash --sessions 1000 --binary $(BIN)

# Two servers on one throwaway PostgreSQL cluster behind HAProxy (mode tcp); one is SIGKILLed while 1,000 sessions
# are under way, and every interrupted session is resumed through HAProxy on the other: every acknowledged answer
# must be there, none twice (scripts/stress/failover.py). The short run, 200 sessions, is in `make test`.
failover: build-postgres
	python3 scripts/torture.py failover --sessions 1000 --binary $(BIN)

failover-short: build-postgres
	python3 scripts/torture.py failover --sessions 200 --binary $(BIN)

# Not in CI: SOAK_MINUTES (30) at SOAK_SESSIONS (2,000) concurrent sessions against a release build, RSS and
# descriptors sampled; then one whole session under LeakSanitizer (scripts/leak-session.sh says why not valgrind).
# The curves (samples, a gnuplot plot and a page on the run) go to docs/soak/.
soak: deps bench-deps
	$(SWIFT) build -c release
	python3 scripts/torture.py soak --binary .build/release/intake --minutes $${SOAK_MINUTES:-30} \
		--concurrency $${SOAK_SESSIONS:-2000} --out docs/soak
	bash scripts/leak-session.sh

clean:
	rm -rf .build
