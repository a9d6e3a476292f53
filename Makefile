# repro: the commands README gives, and the slower ones CI runs when they fit.
# Every target restores and builds what it needs; nothing has to be installed by hand first.

CONFIG ?= Release
SPEC   ?= specs/min-norm-regression.yaml
# The CLI the commands below run: published ReadyToRun (precompiled, so it starts faster) into out/, and published
# again only when a source, project or build file changed, so a rerun spends no time in `dotnet run`'s restore checks.
CLI_DIR := out/repro-$(CONFIG)
CLI     := $(CLI_DIR)/repro
SOURCES := $(shell find src build -type f -not -path '*/bin/*' -not -path '*/obj/*') Directory.Build.props Directory.Packages.props
REPRO   := $(CLI)

.PHONY: run test test-long grokking papers build cli verify results report accept bench schema clean

$(CLI): $(SOURCES)
	dotnet publish src/Repro.Cli -c $(CONFIG) -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o $(CLI_DIR) -v quiet -nologo
	@touch $@

## cli: publish the ReadyToRun CLI into out/ (the other targets do it when a source changed)
cli: $(CLI)

## run: train the bundled spec, publish results/<name>/ and print its claims
run: $(CLI)
	$(REPRO) run $(SPEC)

## test: the test suite; snapshot tests regenerate every published result but the long specs' (see test-long)
test:
	tools/test.sh -c $(CONFIG) --filter "Category!=long"

## test-long: only the snapshot tests of the long specs: grokking (about 1.5 min on 2 cores) and the paper
## reproductions in specs/papers/ (a few minutes each)
test-long:
	tools/test.sh -c $(CONFIG) --filter "Category=long"

## grokking: regenerate results/grokking/ and check its claims (exit 1 if one fails); then review `git diff results/grokking`
grokking: $(CLI)
	$(REPRO) run specs/grokking.yaml

## papers: regenerate the paper reproductions (specs/papers/*.yaml) into results/ and check their claims
papers: $(CLI)
	@set -e; for spec in specs/papers/*.yaml; do $(REPRO) run $$spec; done

build:
	dotnet build repro.sln -c $(CONFIG)

## verify: check every claim of every bundled spec (reusing published results that match); JUNIT=file.xml also writes JUnit XML
verify: $(CLI)
	$(REPRO) verify $(if $(JUNIT),--junit $(JUNIT))

## results: regenerate every published result under results/, then the report (then review `git diff results/`)
results: $(CLI)
	@set -e; for spec in specs/*.yaml specs/papers/*.yaml; do $(REPRO) run $$spec; done
	$(MAKE) report

## report: write results/README.md and results/index.html from the published results (no training)
report: $(CLI)
	$(REPRO) report

## accept: take the *.received.* files a failing snapshot test wrote (results/README.received.md and
## index.received.html too) as the new verified results, then rebuild the report from what was accepted
accept:
	@find results -name '*.received.*' | while read -r received; do \
		verified=$$(echo "$$received" | sed 's/\.received\././'); \
		mv "$$received" "$$verified"; echo "accepted $$verified"; \
	done
	$(MAKE) report

## bench: time `repro run` against NumPy and PyTorch versions of three experiments, write docs/PERFORMANCE.md
## (about 5 minutes on 2 cores; installs Debian's python3-numpy, python3-torch, libopenblas0-pthread when missing).
## Not a test and not in CI. BENCH_ARGS=--quick: a smoke run with a tenth of the steps that writes no file.
bench:
	BENCH_COMMAND="make bench$(if $(BENCH_ARGS), BENCH_ARGS='$(BENCH_ARGS)')" tools/bench/bench.sh $(BENCH_ARGS)

## schema: regenerate schema/spec.schema.json from the catalog, then compile it with ajv in strict mode
## (tools/schema-check, installed from its package-lock.json with `npm ci` when missing or stale)
schema: $(CLI)
	$(REPRO) schema > schema/spec.schema.json.tmp && mv schema/spec.schema.json.tmp schema/spec.schema.json
	@if [ ! tools/schema-check/node_modules/.package-lock.json -nt tools/schema-check/package-lock.json ]; then \
		npm ci --no-audit --no-fund --prefix tools/schema-check; fi
	node tools/schema-check/ajv-strict.js schema/spec.schema.json

clean:
	dotnet clean repro.sln -c $(CONFIG)
	rm -rf out
	find results -name '*.received.*' -delete
