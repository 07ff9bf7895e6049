# Intake: `make run` to chat, `make test` for the whole suite. Both install what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
BIN := .build/debug/intake
DIALOG ?= Dialogs/migraine.yaml
PORT ?= 2323

.PHONY: all deps build run serve test unit-tests dialog-tests e2e-serve load-test fuzz fuzz-short bench bench-deps clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

run: build
	@$(BIN) chat $(if $(wildcard $(DIALOG)),--dialog $(DIALOG),)

serve: build
	$(BIN) serve --port $(PORT)

# The whole suite: unit and end-to-end tests, then the dialogs' own lint and transcripts.
test: build unit-tests dialog-tests e2e-serve load-test fuzz-short

unit-tests: deps
	$(SWIFT) test $(BUILD_FLAGS)

dialog-tests: build
	$(BIN) lint Dialogs/*.yaml
	$(BIN) test Dialogs/
	$(BIN) check Dialogs/*.yaml

# `intake serve` end to end: the built server on a free port, the example dialog over nc and telnet.
e2e-serve: build
	bash scripts/e2e-serve.sh $(BIN)

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

# Engine benchmarks (Benchmarks/, a separate package so the main build does not pay for the harness)
# and the load runs of the release build; rewrites docs/performance.md and its plots (scripts/bench.sh).
bench: deps bench-deps
	bash scripts/bench.sh

bench-deps:
	@bash scripts/install-deps.sh bench

clean:
	rm -rf .build
