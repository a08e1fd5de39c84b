// What the two end-to-end bundles (e2e/components and e2e/uihost/web) share: TypeScript and JSX
// compiled by swc with React's automatic runtime, CSS and small assets inlined, and packages resolved
// from the repository's node_modules.
const path = require('path');

const root = path.resolve(__dirname, '..');

// Grafana provides this compatibility package; react-router-dom v6 has what @grafana/ui links need.
const routerAlias = { 'react-router-dom-v5-compat': 'react-router-dom' };

const resolve = (alias) => ({
  extensions: ['.tsx', '.ts', '.js', '.mjs'],
  modules: [path.join(root, 'node_modules')],
  alias: { ...routerAlias, ...alias },
});

const swcRule = {
  test: /\.[tj]sx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } },
    },
  },
};

const styleAndAssetRules = [
  { test: /\.css$/, use: ['style-loader', 'css-loader'] },
  { test: /\.(svg|png|woff2?)$/, type: 'asset/inline' },
];

// A development bundle of `entry` (relative to `context`); `rules` go between the swc rule and the
// style and asset ones.
const e2eBundle = ({ context, entry, output, alias = {}, rules = [], plugins = [] }) => ({
  mode: 'development',
  devtool: false,
  context,
  entry,
  output,
  resolve: resolve(alias),
  module: { rules: [swcRule, ...rules, ...styleAndAssetRules] },
  plugins,
  performance: { hints: false },
});

module.exports = { root, e2eBundle };
