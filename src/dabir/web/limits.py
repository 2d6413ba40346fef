"""The server's limits per request, chosen from what ``benchmarks/api_cost.py`` measures (RESULTS.md,
"## API cost per document size").

Measured on real Fars News text (one core, 2026-12-04, before the stages were made linear): extraction of
0.9 MB took 92 s (131 s in a busier run) and 850 MB more memory (0.22 MB: 23 s, 230 MB), repair of 0.9 MB
2.3 s and 62 MB.  So a body is
capped at 2 MiB (a text body that size stays inside one worker's memory), a job at 60 s (about 0.4 MB of text
through extraction today), and a worker's address space at 3 GiB (a worker holds 370 MB of it at rest).  Compressed formats (pdf,
docx) can hold more text than their size suggests: the time and memory caps stop those.
"""

from __future__ import annotations

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_WORKERS = 1
DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MB = 3072
