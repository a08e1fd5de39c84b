// Runs the jest suite against React 19, the React Grafana 13 runs our plugin with.
// scripts/test-all.sh installs it into e2e/react19 first.
const path = require('path');
const base = require('./jest.config');

const react19 = path.resolve(__dirname, 'e2e', 'react19', 'node_modules');

module.exports = {
  ...base,
  setupFiles: [...(base.setupFiles ?? []), path.resolve(__dirname, 'e2e', 'react19', 'setup-env.js')],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^react$': `${react19}/react`,
    '^react/(.*)$': `${react19}/react/$1`,
    '^react-dom$': `${react19}/react-dom`,
    '^react-dom/(.*)$': `${react19}/react-dom/$1`,
  },
};
