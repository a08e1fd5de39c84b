// Writes provisioning/alerting/slo-burn-rates.yaml from the demo SLOs, and the operational rules
// to provisioning/alerting/operational.yaml: npm run generate:alerts.
// The same loading, validation and writing as `serverless-slo generate`, with the demo's options.
import { writeFileSync } from 'fs';
import path from 'path';

import { writeAlertRules } from '../src/cli/generate';
import { loadSpecs } from '../src/cli/specFiles';
import { OPERATIONAL_RULES_FILE, operationalRulesFile } from '../src/alerting/operationalRulesFile';
import { DEMO_RULES_FILE, DEMO_RULES_OPTIONS } from '../src/slo/alertRulesFile';

const root = path.resolve(__dirname, '..');
const { valid, problems } = loadSpecs([path.join(root, DEMO_RULES_OPTIONS.source)]);
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
const target = path.join(root, DEMO_RULES_FILE);
writeAlertRules(
  target,
  valid.map((v) => v.spec),
  DEMO_RULES_OPTIONS
);
process.stdout.write(`${target}\n`);

const operational = path.join(root, OPERATIONAL_RULES_FILE);
writeFileSync(operational, operationalRulesFile());
process.stdout.write(`${operational}\n`);
