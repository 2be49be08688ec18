# Weft's developer entry points. `make help` lists them.
SHELL := /usr/bin/env bash
GO ?= go
BIN := $(CURDIR)/bin
GOTEST_FLAGS ?=
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: help build cli ui test unit integration e2e verify codegen bench bench-go fuzz chaos up down clean

help: ## List the targets.
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: cli ## Build weft-apiserver, weft-controller, weft-executor and the weft CLI (with weft ui's web app) into bin/.
	for cmd in apiserver controller executor; do CGO_ENABLED=0 $(GO) build -o $(BIN)/weft-$$cmd ./cmd/$$cmd || exit 1; done

cli: ui ## Build the weft CLI into bin/weft, with bin/kubectl-weft linked to it (kubectl weft ...).
	CGO_ENABLED=0 $(GO) build -ldflags "-s -w -X github.com/weft-dev/weft/pkg/cli.version=$(VERSION)" -o $(BIN)/weft ./cmd/weft
	ln -sf weft $(BIN)/kubectl-weft

ui: ## Build weft ui's web app (web/, npm) into pkg/ui/assets/dist/, which the weft CLI embeds.
	hack/build-ui.sh

test: unit integration e2e ## Run every test: unit, integration, and end-to-end on the cluster of make up.

unit: ui ## Unit tests: everything but the integration and end-to-end tests, weft ui's web app's included.
	$(GO) test $(GOTEST_FLAGS) $$($(GO) list ./... | grep -v -e /test/integration -e /test/e2e)
	cd web && npm test

integration: ## Integration tests: the real apiserver in-process with embedded etcd.
	$(GO) test $(GOTEST_FLAGS) ./test/integration/...

e2e: up ## End-to-end tests on the real single-node cluster (starts it when it is not running), the chaos run included.
	KUBECONFIG=/var/lib/weft-local/kubeconfig $(GO) test -count=1 -timeout 60m $(GOTEST_FLAGS) ./test/e2e/...

chaos: up ## Only the chaos run: 100 workflows while the controller's leader, the Weft apiserver and workflow pods are killed.
	KUBECONFIG=/var/lib/weft-local/kubeconfig $(GO) test -count=1 -timeout 30m -run '^TestChaos$$' -v $(GOTEST_FLAGS) ./test/e2e/

verify: ## Check formatting, vet, go.mod tidiness, generated code and weft ui's built app.
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [[ -n "$$unformatted" ]]; then echo "gofmt needed: $$unformatted" >&2; exit 1; fi
	$(GO) vet ./...
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod or go.sum is not tidy: run go mod tidy and commit." >&2; exit 1; }
	hack/verify-codegen.sh
	hack/verify-ui.sh

codegen: ## Regenerate deepcopy, conversion, defaults, OpenAPI, clientset, listers, informers, apply configurations.
	hack/update-codegen.sh

bench: bench-go ## Benchmarks: the Go ones, then Weft against a CRD, the raw pod-create floor and real pods (QUICK=1: under 10 minutes).
	hack/bench.sh

# The packages with Go benchmarks, but those that need a cluster: only their
# test binaries are built, not the other packages' as well.
BENCH_GO_PKGS = $(sort $(dir $(shell grep -rl --include='*_test.go' '^func Benchmark' cmd pkg test | grep -v -e ^test/integration/ -e ^test/e2e/)))

bench-go: ## Go benchmarks of the engine, codecs and artifact drivers (in-process, no cluster).
	$(GO) test -run '^$$' -bench . -benchmem $(if $(QUICK),-short -benchtime 1x) $(addprefix ./,$(BENCH_GO_PKGS))

fuzz: ## Run each Go fuzz target in turn for FUZZTIME (default 30s) on one worker; FUZZ=regexp picks targets.
	GO=$(GO) hack/fuzz.sh

up: ## Start a local single-node Kubernetes (real node: containerd, kubelet) with Weft deployed.
	hack/local-up.sh

down: ## Stop the local cluster and remove its state (keeps the build cache in /var/cache/weft).
	hack/local-down.sh

clean: ## Remove built binaries.
	rm -rf $(BIN)
