// Bundles the Grafana-shaped host (host.tsx) with Grafana's shared libraries in it; the app itself is
// not bundled here: the host loads the built dist/module.js as Grafana does.
const CopyWebpackPlugin = require('copy-webpack-plugin');
const path = require('path');
const { e2eBundle, root } = require('../../webpack.shared');

const runtimeFile = (file) => path.join(root, 'node_modules/@grafana/runtime/dist/esm', file);

module.exports = e2eBundle({
  context: __dirname,
  entry: './host.tsx',
  output: { path: path.join(root, 'build/uihost'), filename: 'host.js', publicPath: '/public/build/' },
  alias: {
    // Grafana sets its page chrome with setPluginPage, which @grafana/runtime does not export.
    '@grafana-runtime-plugin-page$': runtimeFile('components/PluginPage.mjs'),
    // Missing from the registry's slate-react; only @grafana/ui's QueryField, which no page uses, needs it.
    'slate-react-placeholder': false,
  },
  rules: [
    // Some of Grafana's packages default-import CommonJS modules from their ES modules.
    { test: /\.m?js$/, include: /node_modules/, type: 'javascript/auto', resolve: { fullySpecified: false } },
  ],
  plugins: [new CopyWebpackPlugin({ patterns: ['index.html'] })],
});
