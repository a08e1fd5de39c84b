#!/usr/bin/env node
// The serverless-slo command. It compiles the TypeScript CLI as it loads (ts-node with SWC, both dev
// dependencies), so it runs from a clone after `npm ci` with no build step.
const path = require('path');

require('ts-node').register({
  project: path.join(__dirname, '..', '..', 'tsconfig.json'),
  transpileOnly: true,
  swc: true,
  compilerOptions: { module: 'commonjs' },
});
require('./main.ts').main();
