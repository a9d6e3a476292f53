# repro: the commands README gives, and the slower ones CI runs when they fit.
# Every target restores and builds what it needs; nothing has to be installed by hand first.

CONFIG ?= Release
SPEC   ?= specs/min-norm-regression.yaml
REPRO  := dotnet run --project src/Repro.Cli -c $(CONFIG) --

.PHONY: run test build verify results accept clean

## run: train the bundled spec, publish results/<name>/ and print its claims
run:
	$(REPRO) run $(SPEC)

## test: the whole test suite (snapshot tests regenerate every published result)
test:
	tools/test.sh -c $(CONFIG)

build:
	dotnet build repro.sln -c $(CONFIG)

## verify: train every bundled spec and check its claims; publishes nothing
verify:
	@set -e; for spec in specs/*.yaml; do $(REPRO) verify $$spec; done

## results: regenerate every published result under results/ (then review `git diff results/`)
results:
	@set -e; for spec in specs/*.yaml; do $(REPRO) run $$spec; done

## accept: take the *.received.* files a failing snapshot test wrote as the new verified results
accept:
	@find results -name '*.received.*' | while read -r received; do \
		verified=$$(echo "$$received" | sed 's/\.received\././'); \
		mv "$$received" "$$verified"; echo "accepted $$verified"; \
	done

clean:
	dotnet clean repro.sln -c $(CONFIG)
	find results -name '*.received.*' -delete
