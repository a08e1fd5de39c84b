#!/usr/bin/env bash
# Benchmarks the demo-mode query engine and prints the median of five runs of each benchmark.
# Figures on this 2-core machine are noisy: compare them as ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."

go test -run '^$' -bench 'Summaries|QueryDataInventory' -benchmem -count 5 ./pkg/demo/ ./pkg/plugin/ |
  python3 -c '
import re, statistics, sys
runs = {}
for line in sys.stdin:
    m = re.match(r"^(Benchmark\S+)\s+\d+\s+([\d.]+) ns/op\s+(\d+) B/op\s+(\d+) allocs/op", line)
    if m:
        runs.setdefault(m[1], []).append((float(m[2]), m[3], m[4]))
print("%-38s %12s %10s %10s" % ("benchmark", "median ms/op", "B/op", "allocs/op"))
for name, rs in runs.items():
    print("%-38s %12.1f %10s %10s" % (name, statistics.median(r[0] for r in rs) / 1e6, rs[-1][1], rs[-1][2]))
'
