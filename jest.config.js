// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const swcTransform = Object.values(base.transform)[0];

module.exports = {
  ...base,
  // d3-color and friends ship only .mjs; the scaffold's transform covers .js/.ts only.
  transform: {
    ...base.transform,
    '^.+\\.mjs$': swcTransform,
  },
};
