import semver from 'semver';

import appManifest from './plugin.json';
import datasourceManifest from './datasource/plugin.json';

describe('plugin manifests', () => {
  it('bundles the nested data source in the app', () => {
    expect(appManifest.type).toBe('app');
    expect(appManifest.id).toBe('seed-serverless-app');
    expect(appManifest.includes).toContainEqual(
      expect.objectContaining({ type: 'datasource', name: datasourceManifest.name })
    );
  });

  it('declares a back-end data source that alert rules can query', () => {
    expect(datasourceManifest).toMatchObject({
      type: 'datasource',
      id: 'seed-serverless-datasource',
      backend: true,
      alerting: true,
      executable: 'gpx_serverless',
    });
  });

  it.each(['12.3.0', '12.4.2', '13.0.0', '13.1.1'])('loads in Grafana %s', (version) => {
    for (const manifest of [appManifest, datasourceManifest]) {
      expect(semver.satisfies(version, manifest.dependencies.grafanaDependency)).toBe(true);
    }
  });

  it('refuses Grafana older than 12.3', () => {
    expect(semver.satisfies('12.2.0', appManifest.dependencies.grafanaDependency)).toBe(false);
  });
});
