import { parseSloSpec } from '../parseSpec';
import type { SloSpec } from '../spec';
import { SloSpecError } from '../validate';
import { annotationKeys, OPENSLO_API_VERSION, OpenSloError } from './document';
import { record, string } from './fields';
import type { ImportContext } from './importContext';
import { importIndicator } from './indicators';
import { importAnnotations, importLabels } from './metadata';
import { importObjective } from './objective';
import { importWindow } from './timeWindow';

/** One parsed OpenSLO document and where it came from, for messages. */
export interface OpenSloInput {
  document: unknown;
  where: string;
}

export interface ImportResult {
  specs: Array<{ spec: SloSpec; where: string }>;
  /** Things dropped on the way that change nothing a spec can express. */
  warnings: string[];
  /** One per SLO or document that cannot be imported. */
  errors: string[];
}

/** The specs of the SLO documents among these; SLI and DataSource documents serve references. */
export function fromOpenSlo(inputs: OpenSloInput[]): ImportResult {
  const result: ImportResult = { specs: [], warnings: [], errors: [] };
  const slis = new Map<string, unknown>();
  const dataSources = new Map<string, unknown>();
  const slos: OpenSloInput[] = [];
  for (const input of inputs) {
    try {
      const doc = record(input.document, '');
      if (doc.apiVersion !== OPENSLO_API_VERSION) {
        throw new OpenSloError(
          'apiVersion',
          `${JSON.stringify(doc.apiVersion)} is not supported; use ${OPENSLO_API_VERSION}`
        );
      }
      const name = (doc.metadata as { name?: unknown } | undefined)?.name;
      switch (doc.kind) {
        case 'SLO':
          slos.push(input);
          break;
        case 'SLI':
          slis.set(String(name), doc.spec);
          break;
        case 'DataSource':
          dataSources.set(String(name), doc.spec);
          break;
        case 'Service':
          break;
        case 'AlertPolicy':
        case 'AlertCondition':
        case 'AlertNotificationTarget':
          result.warnings.push(
            `${input.where}: ${doc.kind} ${String(name)} is not imported: burn-rate alert rules are generated from each SLO (serverless-slo generate)`
          );
          break;
        default:
          throw new OpenSloError('kind', `${JSON.stringify(doc.kind)} is not an OpenSLO v1 kind`);
      }
    } catch (e) {
      result.errors.push(`${input.where}: ${message(e)}`);
    }
  }
  for (const input of slos) {
    const name = String((input.document as { metadata?: { name?: unknown } }).metadata?.name ?? '(unnamed)');
    const context: ImportContext = {
      slis,
      dataSources,
      warn: (path, text) => result.warnings.push(`${input.where}: SLO ${name}: ${path}: ${text}`),
    };
    try {
      result.specs.push({ spec: importSlo(input.document, context), where: input.where });
    } catch (e) {
      result.errors.push(`${input.where}: SLO ${name}: ${message(e)}`);
    }
  }
  return result;
}

function message(e: unknown): string {
  if (e instanceof OpenSloError || e instanceof SloSpecError) {
    return e.message;
  }
  throw e;
}

function importSlo(raw: unknown, context: ImportContext): SloSpec {
  const doc = record(raw, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  const metadata = record(doc.metadata, 'metadata', ['name', 'displayName', 'labels', 'annotations']);
  const spec = record(doc.spec, 'spec', [
    'description',
    'service',
    'indicator',
    'indicatorRef',
    'timeWindow',
    'budgetingMethod',
    'objectives',
    'alertPolicies',
  ]);
  const name = string(metadata.name, 'metadata.name');
  if (metadata.displayName !== undefined) {
    context.warn('metadata.displayName', 'dropped: a spec is known by its name');
  }
  if (Array.isArray(spec.alertPolicies) && spec.alertPolicies.length > 0) {
    throw new OpenSloError(
      'spec.alertPolicies',
      'alert policies are not supported: burn-rate alert rules are generated from the SLO (serverless-slo generate)'
    );
  }
  const [objective, timeslices] = importObjective(spec, context);
  const { exclusions, alerting } = importAnnotations(metadata.annotations, context);
  const sloSpec = {
    name,
    service: string(spec.service, 'spec.service'),
    ...(spec.description !== undefined && { description: string(spec.description, 'spec.description') }),
    sli: importIndicator(spec, context),
    objective,
    window: importWindow(spec.timeWindow),
    ...(timeslices && { budgeting: 'timeslices' }),
    ...(exclusions !== undefined && { exclusions }),
    ...(metadata.labels !== undefined && { labels: importLabels(metadata.labels) }),
    ...(alerting !== undefined && { alerting }),
  };
  try {
    return parseSloSpec(sloSpec);
  } catch (e) {
    if (e instanceof SloSpecError) {
      throw new OpenSloError(openSloPath(e.field), e.message);
    }
    throw e;
  }
}

/** Where in an OpenSLO SLO a spec field came from. */
function openSloPath(field: string): string {
  const [head] = field.split(/[.[]/);
  const paths: Record<string, string> = {
    name: 'metadata.name',
    service: 'spec.service',
    description: 'spec.description',
    sli: 'spec.indicator',
    objective: 'spec.objectives[0]',
    window: 'spec.timeWindow[0]',
    budgeting: 'spec.budgetingMethod',
    exclusions: `metadata.annotations.${annotationKeys.exclusions}`,
    labels: 'metadata.labels',
    alerting: field.endsWith('runbookUrl')
      ? `metadata.annotations.${annotationKeys.runbookUrl}`
      : `metadata.annotations.${annotationKeys.minEvents}`,
  };
  return paths[head] ?? head;
}
