// Writes provisioning/alerting/slo-burn-rates.yaml from the demo SLOs: npm run generate:alerts.
import { writeFileSync } from 'fs';
import path from 'path';

import demoSlos from '../pkg/plugin/demo_slos.json';
import { alertRulesFile, DEMO_RULES_FILE } from '../src/slo/alertRulesFile';
import type { SloSpec } from '../src/slo/spec';

const target = path.resolve(__dirname, '..', DEMO_RULES_FILE);
writeFileSync(target, alertRulesFile(demoSlos as SloSpec[]));
process.stdout.write(`${target}\n`);
