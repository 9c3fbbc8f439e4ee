# cell is one static binary. It needs cgo for the small C constructor in
# internal/nsenter (joining user and mount namespaces before Go starts).
GO ?= go
export CGO_ENABLED = 1
TAGS = netgo,osusergo
LDFLAGS = -s -w -linkmode external -extldflags -static

.PHONY: build test e2e-engines bench demo

build:
	$(GO) build -tags $(TAGS) -ldflags '$(LDFLAGS)' -o cell ./cmd/cell

# Unit tests run anywhere; integration tests need root and skip without it.
# The engine tests (tests/e2e/engines) have their own target and CI stage.
test: build
	$(GO) test -count=1 -timeout 20m $$($(GO) list ./... | grep -v /tests/e2e/engines)

e2e-engines:
	$(GO) test -count=1 -v -timeout 10m ./tests/e2e/engines/

bench: build
	CELL=$(CURDIR)/cell bash bench/lifecycle.sh

demo: build
	command -v busybox >/dev/null || apt-get install -y -qq busybox-static
	rm -rf /tmp/cell-demo
	$(GO) run ./tests/testrootfs/cmd/mkbundle /tmp/cell-demo /bin/sh -c 'hostname; ps; cat /proc/self/mountinfo | cut -d" " -f5,9 | head -20'
	./cell run -b /tmp/cell-demo demo
