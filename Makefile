# Intake: `make run` to chat, `make test` for the whole suite. Both install what is missing first.
SWIFT ?= swift
BUILD_FLAGS ?=
BIN := .build/debug/intake
DIALOG ?= Dialogs/migraine.yaml
PORT ?= 2323

.PHONY: all deps build run serve test unit-tests dialog-tests e2e clean

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
test: build unit-tests dialog-tests

unit-tests: deps
	$(SWIFT) test $(BUILD_FLAGS)

dialog-tests: build
	$(BIN) lint Dialogs/*.yaml
	$(BIN) test Dialogs/
	$(BIN) check Dialogs/*.yaml

clean:
	rm -rf .build
