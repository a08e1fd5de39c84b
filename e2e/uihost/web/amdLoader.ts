// Loads a built plugin module (webpack's AMD output) the way Grafana's plugin loader does: the
// dependencies the plugin leaves external are the host's own copies of Grafana's shared libraries.
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import i18next from 'i18next';
import lodash from 'lodash';
import React from 'react';
import ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as rxjs from 'rxjs';

const shared: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  i18next,
  lodash,
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxRuntime,
  'react-router': reactRouter,
  rxjs,
};

type Factory = (...deps: unknown[]) => unknown;
interface Pending {
  deps: string[];
  factory: Factory;
}

let pending: Pending | undefined;

function define(deps: string[] | Factory, factory?: Factory) {
  pending = Array.isArray(deps) ? { deps, factory: factory! } : { deps: [], factory: deps };
}
define.amd = {};
(window as unknown as { define: typeof define }).define = define;

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

// One module at a time: each script calls define() once, synchronously, as it runs.
let queue: Promise<unknown> = Promise.resolve();

/** The exports of the AMD module at url, with the shared libraries as its dependencies. */
export function importPluginModule<T>(url: string): Promise<T> {
  const load = queue.then(async () => {
    pending = undefined;
    await loadScript(url);
    const defined = pending as Pending | undefined;
    if (!defined) {
      throw new Error(`${url} did not define a module`);
    }
    const exports: Record<string, unknown> = {};
    const deps = defined.deps.map((dep) => {
      if (dep === 'module') {
        return { uri: url };
      }
      if (dep === 'exports') {
        return exports;
      }
      if (!(dep in shared)) {
        throw new Error(`${url} needs ${dep}, which the host does not share`);
      }
      return shared[dep];
    });
    const result = await defined.factory(...deps);
    return (result ?? exports) as T;
  });
  queue = load.catch(() => undefined);
  return load;
}
