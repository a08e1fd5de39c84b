import pluginJson from '../plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** The nested data source's plugin id, as in src/datasource/plugin.json. */
export const DATASOURCE_TYPE = 'seed-serverless-datasource';

/** The uid the provisioned demo data source is created with (provisioning/datasources). */
export const DEMO_DATASOURCE_UID = 'serverless-demo';

export enum ROUTES {
  Overview = 'overview',
  Function = 'function',
  Correlate = 'correlate',
  Slos = 'slos',
  Slo = 'slo',
  Alerts = 'alerts',
}

export function prefixRoute(route: ROUTES): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
