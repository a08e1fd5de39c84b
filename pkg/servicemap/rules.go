package servicemap

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/model"
)

// rulePage is ListRules' and ListTargetsByRule's largest page.
const rulePage = 100

// rules lists the default event bus's rules and their Lambda targets. CloudWatch names a rule by
// its name (RuleName).
func rules(ctx context.Context, d *Discovery, api APIs, region string) (Map, error) {
	var m Map
	in := &eventbridge.ListRulesInput{Limit: aws.Int32(d.page(rulePage))}
	err := awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.Rules.ListRules(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("EventBridge ListRules in %s: %w", region, err)
		}
		for _, r := range out.Rules {
			from := Resource{Kind: model.KindEvents, Name: aws.ToString(r.Name), Region: region, MetricID: aws.ToString(r.Name)}
			targets, err := ruleTargets(ctx, d, api, region, from.Name)
			if err != nil {
				return nil, err
			}
			m.link(from, targets...)
		}
		return out.NextToken, nil
	})
	return m, err
}

func ruleTargets(ctx context.Context, d *Discovery, api APIs, region, rule string) ([]Resource, error) {
	var functions []Resource
	in := &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule), Limit: aws.Int32(d.page(rulePage))}
	err := awsclients.Paginate(&in.NextToken, func() (*string, error) {
		out, err := api.Rules.ListTargetsByRule(ctx, in)
		d.called()
		if err != nil {
			return nil, fmt.Errorf("EventBridge ListTargetsByRule of %s in %s: %w", rule, region, err)
		}
		for _, t := range out.Targets {
			if service, _, _, ok := arnParts(aws.ToString(t.Arn)); ok && service == "lambda" {
				if f, ok := function(aws.ToString(t.Arn), region); ok {
					functions = append(functions, f)
				}
			}
		}
		return out.NextToken, nil
	})
	return functions, err
}

// checkRules lists one rule and the targets of the first listed, if any.
func checkRules(ctx context.Context, api APIs) []Failure {
	out, err := api.Rules.ListRules(ctx, &eventbridge.ListRulesInput{Limit: aws.Int32(1)})
	failures := []Failure{{Action: "events:ListRules", Err: err}}
	if err == nil && len(out.Rules) > 0 {
		_, err = api.Rules.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: out.Rules[0].Name, Limit: aws.Int32(1)})
		failures = append(failures, Failure{Action: "events:ListTargetsByRule", Err: err})
	}
	return failures
}
