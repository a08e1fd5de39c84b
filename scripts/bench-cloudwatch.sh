#!/usr/bin/env bash
# Benchmarks AWS mode's CloudWatch planner against the local fake CloudWatch (pkg/cloudwatch/cwfake)
# through the real aws-sdk-go-v2 client: a dashboard refresh of two overlapping panels over
# 1,000 functions × 8 metrics, 24 h at a 5-minute period, every call answered after 100 ms.
# Panel A asks for metrics 1–5 and panel B for metrics 4–8, sent as one QueryData request, as two
# concurrent ones (as Grafana sends two panels) and as two 50 ms apart. Prints the median of three
# runs of each. Benchmarks never run in `go test` without -bench, so this stays out of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# The fake speaks plain HTTP; a CA bundle in the environment only gets in the SDK's way.
unset AWS_CA_BUNDLE

go test -run '^$' -bench 'CloudWatchRefresh' -benchtime 1x -count 3 ./pkg/plugin/ 2>/dev/null |
  python3 -c '
import re, statistics, sys
runs = {}
for line in sys.stdin:
    if not line.startswith("BenchmarkCloudWatchRefresh/"):
        continue
    name = re.sub(r"-\d+$", "", line.split()[0]).replace("BenchmarkCloudWatchRefresh/", "")
    metrics = {}
    for field in line.split("\t")[2:]:
        value, unit = field.split()
        metrics[unit] = float(value)
    runs.setdefault(name, []).append(metrics)
if not runs:
    sys.exit("no benchmark output: run the go test command above by hand to see why")
def med(rs, k):
    return statistics.median(r[k] for r in rs)
print("1,000 functions x 8 metrics, 24 h at 5 min (288 points), fake latency 100 ms a call, medians of %d runs" % len(next(iter(runs.values()))))
print("%-22s %9s %9s %9s %12s %14s %9s %9s %9s" % ("scenario", "metrics", "calls", "minimum", "queries/call", "points/call", "throttles", "wall ms", "cost $"))
for name, rs in runs.items():
    print("%-22s %9d %9d %9d %12d %14d %9d %9d %9.3f" % (name, med(rs, "metrics/op"), med(rs, "calls/op"), med(rs, "min-calls"),
        med(rs, "max-queries/call"), med(rs, "max-datapoints/call"), med(rs, "throttles/op"), med(rs, "wall-ms/op"), med(rs, "usd/op")))
'
