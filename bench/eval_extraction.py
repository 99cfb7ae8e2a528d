"""`python -m bench.eval_extraction`: extraction quality, this project vs plain trafilatura.

A thin entry beside the other benchmarks; the evaluator itself is
`crawlers.extraction.evaluate` (results in docs/evaluation.md).
"""

from __future__ import annotations

import sys

from crawlers.extraction.evaluate import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
