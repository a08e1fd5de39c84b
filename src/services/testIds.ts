/** Every data-testid the app renders, shared by unit and end-to-end tests. */
export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    datasourcePicker: 'data-testid ac-datasource-picker',
    submit: 'data-testid ac-submit',
  },
  datasourceConfig: {
    mode: 'data-testid ds-config-mode',
  },
  queryEditor: {
    resourceKind: 'data-testid qe-resource-kind',
    names: 'data-testid qe-names',
    metric: 'data-testid qe-metric',
    statistic: 'data-testid qe-statistic',
    period: 'data-testid qe-period',
  },
  overview: {
    container: 'data-testid overview-container',
  },
};
