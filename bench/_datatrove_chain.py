"""Run datatrove 0.10's GopherRepetition -> GopherQuality -> C4Quality -> FineWebQuality chain on JSONL.

Executed by bench/throughput.py --vs-datatrove with the bench venv's Python (datatrove is a bench
dependency only). Prints one JSON line: documents, seconds, kept.

    .venv-bench/bin/python bench/_datatrove_chain.py INPUT_DIR WORK_DIR
"""

import json
import sys
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

src, work = sys.argv[1], sys.argv[2]
t = time.perf_counter()
# a fresh logging folder every run: datatrove skips tasks already marked complete in an old one
ex = LocalPipelineExecutor(
    pipeline=[JsonlReader(src), GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter(),
              FineWebQualityFilter(), JsonlWriter(f"{work}/out")],
    tasks=1, workers=1, logging_dir=f"{work}/logs", skip_completed=False)
stats = ex.run()
dt = time.perf_counter() - t
total = stats.get_repr() if hasattr(stats, "get_repr") else ""
docs = None
for s in stats.stats:
    if s.name.startswith("📖") or "Reader" in s.name or "READER" in s.name:
        docs = s.stats.get("documents", None)
print(json.dumps({"seconds": dt, "documents": docs.total if hasattr(docs, "total") else docs}))
