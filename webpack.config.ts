import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

// The scaffold copies only the app's logos; the nested data source needs its own next to its plugin.json.
const config = async (env: Env): Promise<Configuration> =>
  merge(await grafanaConfig(env), {
    plugins: [new CopyWebpackPlugin({ patterns: [{ from: 'datasource/img', to: 'datasource/img' }] })],
  });

export default config;
