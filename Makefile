# The project's entry points. `make run` and `make test` do all the set-up they need on a
# fresh Debian 12 machine (scripts/bootstrap installs packages with apt-get and runs npm ci).
BUILD     ?= build
SAN_BUILD ?= build-san
JOBS      ?= $(shell nproc)
HOST      ?= 127.0.0.1
PORT      ?= 8000
CMAKE_ARGS ?=
# Line tables only (-g1): backtraces, perf and sanitizer reports keep file:line, and the build
# takes about a third less time than with full -g (measured on src/chat/routes.cpp: 27.3 s
# against 17.6 s). For locals in gdb, pass CMAKE_ARGS='-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g'.
RELEASE_FLAGS := -DCMAKE_CXX_FLAGS_RELWITHDEBINFO='-O2 -g1 -DNDEBUG'
SAN_FLAGS     := -DCMAKE_CXX_FLAGS_DEBUG='-gline-tables-only'

FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/scripts frontend/index.html \
                  frontend/package-lock.json frontend/vite.config.ts -type f 2>/dev/null)
LOCKFILES := $(shell find . -name package-lock.json -not -path '*/node_modules/*' \
               -not -path './build*' 2>/dev/null)

.PHONY: all build run test test-main test-san test-frontend bench bootstrap format clean

all: build

# Bootstrap again only when the script or a lockfile changed.
.bootstrap-stamp: scripts/bootstrap $(LOCKFILES)
	scripts/bootstrap
	@touch $@

bootstrap:
	scripts/bootstrap
	@touch .bootstrap-stamp

frontend/dist/index.html: .bootstrap-stamp $(FRONTEND_SRC)
	cd frontend && npm run build --silent

build: .bootstrap-stamp frontend/dist/index.html
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(RELEASE_FLAGS) $(CMAKE_ARGS)
	cmake --build $(BUILD) -j$(JOBS)

# The demo app on http://127.0.0.1:8000, run from its own folder (its .chainlit/ and public/).
run: build
	cd examples/hello && exec ../../$(BUILD)/examples/hello/hello run --host $(HOST) --port $(PORT) --headless

# Every test label: unit, integration and e2e on the normal build, the frontend's unit tests,
# then the whole C++ suite again under ASan+UBSan with the fuzzers' smoke runs.
test: test-main test-frontend test-san

test-main: build
	ctest --test-dir $(BUILD) --output-on-failure -j2 -L 'unit|integration|e2e'

test-frontend: .bootstrap-stamp
	cd frontend && npm test --silent

test-san: .bootstrap-stamp
	CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug $(SAN_FLAGS) \
	  -DCHAINLIT_SANITIZE=ON -DCHAINLIT_BUILD_FUZZERS=ON -DCHAINLIT_BUILD_EXAMPLES=OFF \
	  -DCHAINLIT_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build $(SAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j2 -L 'unit|integration|fuzz'

bench: build
	cmake --build $(BUILD) -j$(JOBS) --target bench_tools
	bench/run

format:
	find include src tests examples bench -name '*.[ch]pp' -not -path '*/node_modules/*' \
	  | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(SAN_BUILD) frontend/dist .bootstrap-stamp
