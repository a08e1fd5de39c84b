import { EmbeddedScene, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';

import { AlertRulesScene } from '../../scenes/AlertRulesScene';
import { ROUTES } from '../../services/plugin';
import { appPage } from '../appPage';

/** The rules the app provides (burn rates of every SLO, operational alerts), their state, and an install button. */
export function alertsScene(datasourceUid: string) {
  return new EmbeddedScene({
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: new AlertRulesScene({ datasourceUid }) })],
    }),
  });
}

export function alertsPage(datasourceUid: string) {
  return appPage(
    ROUTES.Alerts,
    'Alerts',
    'SLO burn-rate and operational alert rules: install or update them in Grafana alerting',
    () => alertsScene(datasourceUid)
  );
}
