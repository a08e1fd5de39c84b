// Bundles gallery.tsx with React and @grafana/* inside it (Grafana is not there to provide them).
const path = require('path');

module.exports = {
  mode: 'development',
  devtool: false,
  context: __dirname,
  entry: './gallery.tsx',
  output: { path: path.resolve(__dirname, '../../build/gallery'), filename: 'gallery.js' },
  resolve: {
    extensions: ['.tsx', '.ts', '.js', '.mjs'],
    modules: [path.resolve(__dirname, '../../node_modules')],
    // Grafana provides this compatibility package; react-router-dom v6 has what @grafana/ui links need.
    alias: { 'react-router-dom-v5-compat': 'react-router-dom' },
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
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(svg|png|woff2?)$/, type: 'asset/inline' },
    ],
  },
  performance: { hints: false },
};
