// Grafana's data source service for the host: instance settings from the server, the data source class
// from the plugin's own built module, as Grafana's DatasourceSrv does.
import type { DataSourceApi, DataSourceInstanceSettings, DataSourcePluginMeta, ScopedVars } from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';
import type { DataSourceRef } from '@grafana/schema';

import { importPluginModule } from './amdLoader';
import { backendSrv } from './backendSrv';

interface ServedDataSource {
  id: number;
  uid: string;
  name: string;
  type: string;
  access: 'proxy' | 'direct';
  jsonData: Record<string, unknown>;
  isDefault?: boolean;
}

interface DataSourcePluginModule {
  plugin: { DataSourceClass: new (settings: DataSourceInstanceSettings) => DataSourceApi };
}

/** Where Grafana serves a plugin's files: public/plugins/<id>/. */
export const pluginBaseUrl = (id: string) => `/public/plugins/${id}`;

export class HostDataSourceSrv implements DataSourceSrv {
  private instances = new Map<string, Promise<DataSourceApi>>();

  private constructor(
    private readonly settings: DataSourceInstanceSettings[],
    private readonly interpolate: (value: string, scopedVars?: ScopedVars) => string
  ) {}

  static async load(interpolate: (value: string, scopedVars?: ScopedVars) => string): Promise<HostDataSourceSrv> {
    const served = await backendSrv.get<ServedDataSource[]>('/api/datasources');
    const metas = new Map<string, DataSourcePluginMeta>();
    for (const type of new Set(served.map((ds) => ds.type))) {
      metas.set(type, await backendSrv.get<DataSourcePluginMeta>(`${pluginBaseUrl(type)}/plugin.json`));
    }
    const settings = served.map((ds): DataSourceInstanceSettings => ({
      ...ds,
      readOnly: true,
      meta: { ...metas.get(ds.type)!, module: `${pluginBaseUrl(ds.type)}/module.js`, baseUrl: pluginBaseUrl(ds.type) },
    }));
    return new HostDataSourceSrv(settings, interpolate);
  }

  getInstanceSettings(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars) {
    const wanted = typeof ref === 'string' ? ref : ref?.uid;
    if (!wanted || wanted === 'default') {
      return this.settings.find((ds) => ds.isDefault) ?? this.settings[0];
    }
    const uid = this.interpolate(wanted, scopedVars);
    return this.settings.find((ds) => ds.uid === uid || ds.name === uid);
  }

  get(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) {
      return Promise.reject(new Error(`Data source ${JSON.stringify(ref)} was not found`));
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = importPluginModule<DataSourcePluginModule>(settings.meta.module).then(
        ({ plugin }) => new plugin.DataSourceClass(settings)
      );
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  getList(filters: { pluginId?: string; type?: string } = {}) {
    return this.settings.filter(
      (ds) => (!filters.pluginId || ds.type === filters.pluginId) && (!filters.type || ds.meta.type === filters.type)
    );
  }

  reload() {
    return Promise.resolve();
  }

  registerRuntimeDataSource() {
    throw new Error('the host has no runtime data sources');
  }
}
