// The module file behind @grafana/runtime's PluginPage, aliased in webpack.config.js.
declare module '@grafana-runtime-plugin-page' {
  import type { ComponentType } from 'react';
  import type { PluginPageProps } from '@grafana/runtime';
  export function setPluginPage(component: ComponentType<PluginPageProps>): void;
}
