import {
  type EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  type SceneObject,
  SceneRefreshPicker,
  SceneTimePicker,
  VariableValueSelectors,
} from '@grafana/scenes';

import { prefixRoute, type ROUTES } from '../services/plugin';

/** A page of the app at its route; its scene is built when the page is opened. */
export function appPage(route: ROUTES, title: string, subTitle: string, getScene: () => EmbeddedScene) {
  return new SceneAppPage({ title, subTitle, url: prefixRoute(route), routePath: `${route}/*`, getScene });
}

/** Every page's controls: its variables, then its own controls, then the time range and refresh. */
export function pageControls(own: { afterVariables?: SceneObject[]; beforeTime?: SceneObject[] } = {}): SceneObject[] {
  return [
    new VariableValueSelectors({}),
    ...(own.afterVariables ?? []),
    new SceneControlsSpacer(),
    ...(own.beforeTime ?? []),
    new SceneTimePicker({}),
    new SceneRefreshPicker({}),
  ];
}
