// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const swcTransform = Object.values(base.transform)[0];

module.exports = {
  ...base,
  // d3-color and friends ship only .mjs; the scaffold's transform covers .js/.ts only.
  // ESM-only packages the scaffold's list does not name: @grafana/aws-sdk's expression parser, and
  // yaml's browser build, which jsdom resolves.
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, '@marcbachmann/cel-js', 'yaml'])],
  transform: {
    ...base.transform,
    '^.+\\.mjs$': swcTransform,
  },
};
