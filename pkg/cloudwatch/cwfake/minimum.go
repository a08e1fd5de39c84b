package cwfake

// MinimumCalls is the fewest GetMetricData calls n series of p points each can take in one
// group within the fake's limits, which are CloudWatch's: max(ceil(n/500), ceil(n·p/100800)) when
// every series fits a call at all. Tests hold the planner to it.
func MinimumCalls(n, points int64) int64 {
	if n == 0 {
		return 0
	}
	return max(ceilDiv(n, MaxQueriesPerCall), ceilDiv(n*points, MaxDatapointsPerResponse))
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }
