import React, { useMemo } from 'react';
import type { AppRootProps } from '@grafana/data';
import { SceneApp, useSceneApp } from '@grafana/scenes';

import { correlatePage } from '../../pages/Correlate/correlatePage';
import { functionPage } from '../../pages/Function/functionPage';
import { overviewPage } from '../../pages/Overview/overviewPage';
import { alertsPage } from '../../pages/Alerts/alertsPage';
import { sloPage } from '../../pages/Slo/sloPage';
import { slosPage } from '../../pages/Slos/slosPage';
import { datasourceUidOf, type AppSettings } from '../../services/appSettings';

function App({ meta }: AppRootProps<AppSettings>) {
  const datasourceUid = datasourceUidOf(meta.jsonData);
  const getSceneApp = useMemo(
    () => () =>
      new SceneApp({
        pages: [
          overviewPage(datasourceUid),
          functionPage(datasourceUid),
          correlatePage(datasourceUid),
          slosPage(datasourceUid),
          sloPage(datasourceUid),
          alertsPage(datasourceUid),
        ],
        urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
      }),
    [datasourceUid]
  );
  const scene = useSceneApp(getSceneApp);
  return <scene.Component model={scene} />;
}

export default App;
