// The Grafana-shaped host: sets up the services Grafana gives a plugin, then renders the app's built
// module (dist/module.js) at /a/<app id>/*, and the shipped dashboards at /d/<uid>.
import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Router, Routes } from 'react-router-dom';
import { type AppPlugin, type AppPluginMeta, EventBusSrv, createTheme } from '@grafana/data';
import {
  LocationServiceProvider,
  locationService,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
  setTemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { setPluginPage } from '@grafana-runtime-plugin-page';

import { importPluginModule } from './amdLoader';
import { backendSrv } from './backendSrv';
import { HostDataSourceSrv, pluginBaseUrl } from './dataSources';
import { DashboardPage } from './dashboards';
import { registerStandardFieldOptions } from './fieldConfig';
import { pluginImportUtils } from './panels';
import { HostPluginPage } from './PluginPage';
import { runRequest, templateSrv } from './queries';

const APP_ID = 'seed-serverless-app';
const theme = createTheme();

function useLocation() {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useEffect(() => history.listen((next: typeof history.location) => setLocation(next)), [history]);
  return location;
}

function AppRoot({ app }: { app: AppPlugin }) {
  const Root = app.root!;
  return <Root meta={app.meta} basename={`/a/${APP_ID}`} query={{}} path={`/a/${APP_ID}`} onNavChanged={() => {}} />;
}

function Explore() {
  return (
    <div style={{ padding: 16 }}>
      <h1>Explore</h1>
      <pre data-testid="uihost-explore-panes">{new URLSearchParams(window.location.search).get('panes')}</pre>
    </div>
  );
}

function Host({ app }: { app: AppPlugin }) {
  const location = useLocation();
  const path = location.pathname;
  let page: React.ReactNode;
  if (path.startsWith(`/a/${APP_ID}`)) {
    // As Grafana mounts an app: its routes are relative to /a/<app id>/.
    page = (
      <Routes>
        <Route path={`/a/${APP_ID}/*`} element={<AppRoot app={app} />} />
      </Routes>
    );
  } else if (path.startsWith('/d/')) {
    page = <DashboardPage uid={path.split('/')[2]} key={path} />;
  } else if (path.startsWith('/explore')) {
    page = <Explore />;
  } else {
    locationService.replace(`/a/${APP_ID}/overview`);
    return null;
  }
  return (
    <Router location={location} navigator={locationService.getHistory()}>
      {page}
    </Router>
  );
}

async function start() {
  registerStandardFieldOptions();
  setBackendSrv(backendSrv);
  setTemplateSrv(templateSrv);
  setRunRequest(runRequest);
  setAppEvents(new EventBusSrv());
  setPluginImportUtils(pluginImportUtils);
  setPluginPage(HostPluginPage);
  setDataSourceSrv(await HostDataSourceSrv.load((value, scopedVars) => templateSrv.replace(value, scopedVars)));

  const meta = await backendSrv.get<AppPluginMeta>(`${pluginBaseUrl(APP_ID)}/plugin.json`);
  const { plugin } = await importPluginModule<{ plugin: AppPlugin }>(`${pluginBaseUrl(APP_ID)}/module.js`);
  plugin.meta = { ...meta, enabled: true, jsonData: {}, baseUrl: pluginBaseUrl(APP_ID) };

  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <Host app={plugin} />
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}

start().catch((error) => {
  document.getElementById('root')!.textContent = `The host could not start: ${error}`;
  throw error;
});
