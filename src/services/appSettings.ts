import { DEMO_DATASOURCE_UID } from './plugin';

/** The app's settings, stored by Grafana as the app plugin's jsonData. */
export interface AppSettings {
  /** The data source every page queries; the provisioned demo data source when unset. */
  datasourceUid?: string;
}

export function datasourceUidOf(settings: AppSettings | undefined): string {
  return settings?.datasourceUid || DEMO_DATASOURCE_UID;
}
