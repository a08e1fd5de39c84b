package model

import (
	"math"
	"strings"
	"testing"
)

func TestParseStatistic(t *testing.T) {
	tests := []struct {
		in         string
		want       Statistic
		wantErr    string
		percentile bool
	}{
		{in: "Sum", want: Statistic{Name: "Sum", Kind: StatSum}},
		{in: "Average", want: Statistic{Name: "Average", Kind: StatAverage}},
		{in: "Minimum", want: Statistic{Name: "Minimum", Kind: StatMinimum}},
		{in: "Maximum", want: Statistic{Name: "Maximum", Kind: StatMaximum}},
		{in: "SampleCount", want: Statistic{Name: "SampleCount", Kind: StatSampleCount}},
		{in: "p99", want: Statistic{Name: "p99", Percentile: 99, Kind: StatPercentile}},
		{in: "p99.9", want: Statistic{Name: "p99.9", Percentile: 99.9, Kind: StatPercentile}},
		{in: "p5", want: Statistic{Name: "p5", Percentile: 5, Kind: StatPercentile}},
		{in: "PR(:1000)", want: Statistic{Name: "PR(:1000)", RankUpper: 1000, Kind: StatPercentileRank}},
		{in: "PR(100:2000.5)", want: Statistic{Name: "PR(100:2000.5)", RankLower: 100, RankUpper: 2000.5, Kind: StatPercentileRank}},
		{in: "p0", wantErr: `statistic "p0": a percentile must be between p0 and p100 exclusive`},
		{in: "p100", wantErr: `statistic "p100" is not one of Sum, Average, Minimum, Maximum, SampleCount, pNN or PR(a:b)`},
		{in: "p", wantErr: `statistic "p" is not one of`},
		{in: "sum", wantErr: `statistic "sum" is not one of`},
		{in: "", wantErr: `statistic "" is not one of`},
		{in: "PR(500:100)", wantErr: `statistic "PR(500:100)": the lower bound must be below the upper bound`},
		{in: "PR(100:100)", wantErr: `statistic "PR(100:100)": the lower bound must be below the upper bound`},
		{in: "PR(250:)", want: Statistic{Name: "PR(250:)", RankLower: 250, RankUpper: math.Inf(1), Kind: StatPercentileRank}},
		{in: "PR(:)", wantErr: `statistic "PR(:)": a percentile rank needs a lower or an upper bound`},
		{in: "PR(1:2", wantErr: `statistic "PR(1:2" is not one of`},
		{in: "tm99", wantErr: `statistic "tm99" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseStatistic(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v %v, want %+v", got, err, tt.want)
			}
		})
	}
}
