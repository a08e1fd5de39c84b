// Bundles gallery.tsx with React and @grafana/* inside it (Grafana is not there to provide them).
const path = require('path');
const { e2eBundle, root } = require('../webpack.shared');

module.exports = e2eBundle({
  context: __dirname,
  entry: './gallery.tsx',
  output: { path: path.join(root, 'build/gallery'), filename: 'gallery.js' },
});
