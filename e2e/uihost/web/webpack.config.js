// Bundles the Grafana-shaped host (host.tsx) with Grafana's shared libraries in it; the app itself is
// not bundled here: the host loads the built dist/module.js as Grafana does.
const CopyWebpackPlugin = require('copy-webpack-plugin');
const path = require('path');

const root = path.resolve(__dirname, '../../..');
const runtimeFile = (file) => path.join(root, 'node_modules/@grafana/runtime/dist/esm', file);

module.exports = {
  mode: 'development',
  devtool: false,
  context: __dirname,
  entry: './host.tsx',
  output: { path: path.join(root, 'build/uihost'), filename: 'host.js', publicPath: '/public/build/' },
  resolve: {
    extensions: ['.tsx', '.ts', '.js', '.mjs'],
    modules: [path.join(root, 'node_modules')],
    alias: {
      // Grafana sets its page chrome with setPluginPage, which @grafana/runtime does not export.
      '@grafana-runtime-plugin-page$': runtimeFile('components/PluginPage.mjs'),
      // Grafana provides this compatibility package; react-router-dom v6 has what @grafana/ui links need.
      'react-router-dom-v5-compat': 'react-router-dom',
      // Missing from the registry's slate-react; only @grafana/ui's QueryField, which no page uses, needs it.
      'slate-react-placeholder': false,
    },
  },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } },
          },
        },
      },
      // Some of Grafana's packages default-import CommonJS modules from their ES modules.
      { test: /\.m?js$/, include: /node_modules/, type: 'javascript/auto', resolve: { fullySpecified: false } },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(svg|png|woff2?)$/, type: 'asset/inline' },
    ],
  },
  plugins: [new CopyWebpackPlugin({ patterns: ['index.html'] })],
  performance: { hints: false },
};
