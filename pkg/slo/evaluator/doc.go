// Package evaluator is the SLO arithmetic of both modes: it reads an SLO's good and total events
// from a SeriesSource (the demo estate or CloudWatch) in the periods CloudWatch keeps, and
// answers SLO queries with the SLI, burn rates, error budget left, time to exhaustion, and the
// summary, breakdown and alert-window tables. src/cli/status.ts does the same sums in TypeScript;
// the vectors in testdata/slo hold the two together.
package evaluator
