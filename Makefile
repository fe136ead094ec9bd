# The two commands of the README. Both set up what is missing first (scripts/setup.sh).
.PHONY: demo test setup lint bench quality screenshots

demo: setup
	.venv/bin/poshuk demo

test: setup
	.venv/bin/python -m pytest -q -n 2 --dist loadgroup

setup:
	@scripts/setup.sh

# the README's screenshots, taken by the browser tests (a plain test run writes them to a
# temporary folder)
screenshots: setup
	POSHUK_SCREENSHOTS=$(CURDIR)/docs/screenshots .venv/bin/python -m pytest -q \
		tests/ui/test_browser.py tests/ui/test_workflows.py -k screenshot

lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy poshuk ingest search_api ui

bench: setup
	.venv/bin/python benchmarks/ingest_throughput.py
	.venv/bin/python benchmarks/ocr_speed.py
	.venv/bin/python benchmarks/archive_ingest.py
	.venv/bin/python benchmarks/search_latency.py
	.venv/bin/python benchmarks/nearduplicates.py

quality: setup
	.venv/bin/python benchmarks/langid_quality.py
	.venv/bin/python benchmarks/relevance.py
	.venv/bin/python benchmarks/analysis_choices.py
	.venv/bin/python benchmarks/enrichment_quality.py
