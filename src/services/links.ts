import { prefixRoute, ROUTES } from './plugin';

// Data-link URL templates: Grafana fills in the ${...} parts from the clicked cell and the time range.
const value = '${__value.text}';
const timeRange = '${__url_time_range}';

export const links = {
  overview: prefixRoute(ROUTES.Overview),
  /** An SLO's page, for alert annotations. */
  sloPage: (name: string) => `${prefixRoute(ROUTES.Slo)}?var-slo=${encodeURIComponent(name)}`,
  /** From a function's name to its page. */
  functionPage: `${prefixRoute(ROUTES.Function)}?var-function=${value}&${timeRange}`,
  /** From an error message in a row that names its function to the logs and metrics around it. */
  correlateError: `${prefixRoute(ROUTES.Correlate)}?var-function=\${__data.fields.function}&var-search=\${__value.text:percentencode}&${timeRange}`,
};
