/** Every data-testid the app renders, shared by unit and end-to-end tests. */
export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    datasourcePicker: 'data-testid ac-datasource-picker',
    submit: 'data-testid ac-submit',
  },
  datasourceConfig: {
    mode: 'data-testid ds-config-mode',
    awsConnection: 'data-testid ds-config-aws-connection',
    regions: 'data-testid ds-config-regions',
    demoFunctions: 'data-testid ds-config-demo-functions',
  },
  queryEditor: {
    kind: 'data-testid qe-kind',
    resourceKind: 'data-testid qe-resource-kind',
    pattern: 'data-testid qe-pattern',
    region: 'data-testid qe-region',
    preset: 'data-testid qe-preset',
    search: 'data-testid qe-search',
    insights: 'data-testid qe-insights',
    slo: 'data-testid qe-slo',
    problem: 'data-testid qe-problem',
    cost: 'data-testid qe-cost',
    names: 'data-testid qe-names',
    metric: 'data-testid qe-metric',
    statistic: 'data-testid qe-statistic',
    period: 'data-testid qe-period',
    baseline: 'data-testid qe-baseline',
    upstreamOf: 'data-testid qe-upstream-of',
    label: 'data-testid qe-label',
    annotationKind: 'data-testid qe-annotation-kind',
  },
  overview: {
    container: 'data-testid overview-container',
  },
  alerts: {
    container: 'data-testid alerts-container',
    install: 'data-testid alerts-install',
  },
  slos: {
    container: 'data-testid slos-container',
  },
  correlate: {
    openInExplore: 'data-testid correlate-open-in-explore',
  },
};
