import type { MetricStat } from '../cloudwatchSli';
import { type Expr, MetricMathError, parse, ref } from '../metricMath';
import { OpenSloError } from './document';
import { array, number, record, string } from './fields';
import type { ImportContext } from './importContext';

// An OpenSLO metric source read into metric math over CloudWatch metrics.

/** A metric source's queries, with the expression whose value it returns over metric ids alone. */
export interface MetricProgram {
  result: Expr;
  metrics: Map<string, { metric: MetricStat; period?: number; path: string }>;
}

const queryIdPattern = /^[a-z][a-zA-Z0-9_]*$/;

/** Reads a good, bad or total metric source: one CloudWatch metric, or metricQueries with metric math. */
export function metricProgram(raw: unknown, path: string, context: ImportContext): MetricProgram {
  const holder = record(raw, path, ['metricSource']);
  const sourcePath = `${path}.metricSource`;
  const source = record(holder.metricSource, sourcePath, ['metricSourceRef', 'type', 'spec']);
  let type = source.type;
  if (type === undefined && source.metricSourceRef !== undefined) {
    const dataSource = context.dataSources.get(string(source.metricSourceRef, `${sourcePath}.metricSourceRef`));
    type = (dataSource as { type?: unknown } | undefined)?.type;
  }
  if (typeof type !== 'string' || type.toLowerCase() !== 'cloudwatch') {
    throw new OpenSloError(
      `${sourcePath}.type`,
      `${JSON.stringify(type)} is not CloudWatch, the only metric source here`
    );
  }
  const specPath = `${sourcePath}.spec`;
  const spec = record(source.spec, specPath, [
    'region',
    'accountId',
    'namespace',
    'metricName',
    'stat',
    'dimensions',
    'period',
    'metricQueries',
    'sql',
    'json',
  ]);
  for (const field of ['sql', 'json']) {
    if (spec[field] !== undefined) {
      throw new OpenSloError(
        `${specPath}.${field}`,
        'is not supported; give namespace, metricName, stat and dimensions, or metricQueries'
      );
    }
  }
  if (spec.accountId !== undefined) {
    throw new OpenSloError(
      `${specPath}.accountId`,
      "cross-account metrics are not supported; the data source's account is read"
    );
  }
  if (spec.metricQueries === undefined) {
    const metric = metricStat(spec, specPath);
    return {
      result: ref('m'),
      metrics: new Map([['m', { metric, period: optionalPeriod(spec.period, `${specPath}.period`), path: specPath }]]),
    };
  }
  for (const field of ['namespace', 'metricName', 'stat', 'dimensions', 'period']) {
    if (spec[field] !== undefined) {
      throw new OpenSloError(`${specPath}.${field}`, 'give either metricQueries or a single metric, not both');
    }
  }
  const queriesPath = `${specPath}.metricQueries`;
  const metrics: MetricProgram['metrics'] = new Map();
  const expressions = new Map<string, { expr: Expr; path: string }>();
  const returned: string[] = [];
  array(spec.metricQueries, queriesPath).forEach((item, i) => {
    const itemPath = `${queriesPath}[${i}]`;
    const q = record(item, itemPath, ['id', 'metricStat', 'expression', 'returnData', 'label', 'period']);
    const id = string(q.id, `${itemPath}.id`);
    if (!queryIdPattern.test(id)) {
      throw new OpenSloError(
        `${itemPath}.id`,
        `"${id}" must start with a lower-case letter, then letters, digits or _`
      );
    }
    if (metrics.has(id) || expressions.has(id)) {
      throw new OpenSloError(`${itemPath}.id`, `"${id}" is used by another query`);
    }
    if ((q.metricStat === undefined) === (q.expression === undefined)) {
      throw new OpenSloError(itemPath, 'needs exactly one of metricStat or expression');
    }
    if (q.metricStat !== undefined) {
      const statPath = `${itemPath}.metricStat`;
      const stat = record(q.metricStat, statPath, ['metric', 'stat', 'period', 'unit']);
      if (stat.unit !== undefined) {
        throw new OpenSloError(`${statPath}.unit`, 'is not supported: SLIs read every unit of their metrics');
      }
      const metric = record(stat.metric, `${statPath}.metric`, ['namespace', 'metricName', 'dimensions']);
      metrics.set(id, {
        metric: metricStat({ ...metric, stat: stat.stat }, statPath),
        period: optionalPeriod(stat.period, `${statPath}.period`),
        path: statPath,
      });
    } else {
      const expressionPath = `${itemPath}.expression`;
      try {
        expressions.set(id, { expr: parse(string(q.expression, expressionPath)), path: expressionPath });
      } catch (e) {
        if (e instanceof MetricMathError) {
          throw new OpenSloError(expressionPath, e.message);
        }
        throw e;
      }
    }
    if (q.returnData !== false) {
      returned.push(id);
    }
  });
  if (returned.length !== 1) {
    throw new OpenSloError(
      queriesPath,
      `exactly one query returns the events (set returnData: false on the others); ${returned.length} do`
    );
  }
  return { result: inline(ref(returned[0]), metrics, expressions, []), metrics };
}

/** Replaces references to expression queries by their expressions, so only metric ids remain. */
function inline(
  expr: Expr,
  metrics: MetricProgram['metrics'],
  expressions: Map<string, { expr: Expr; path: string }>,
  visiting: string[]
): Expr {
  const visit = (e: Expr): Expr => {
    switch (e.kind) {
      case 'ref': {
        if (metrics.has(e.id)) {
          return e;
        }
        const target = expressions.get(e.id);
        if (!target) {
          throw new OpenSloError(
            visiting.length ? expressions.get(visiting[visiting.length - 1])!.path : 'metricQueries',
            `"${e.id}" is not the id of a query`
          );
        }
        if (visiting.includes(e.id)) {
          throw new OpenSloError(target.path, `"${e.id}" refers to itself through ${visiting.join(' → ')}`);
        }
        return inline(target.expr, metrics, expressions, [...visiting, e.id]);
      }
      case 'binary':
        return { ...e, left: visit(e.left), right: visit(e.right) };
      case 'negate':
      case 'fill':
        return { ...e, arg: visit(e.arg) };
      case 'if':
        return {
          ...e,
          condition: { ...e.condition, left: visit(e.condition.left), right: visit(e.condition.right) },
          then: visit(e.then),
          else: visit(e.else),
        };
      default:
        return e;
    }
  };
  return visit(expr);
}

function metricStat(raw: Record<string, unknown>, path: string): MetricStat {
  const dimensions = array(raw.dimensions, `${path}.dimensions`);
  if (dimensions.length !== 1) {
    throw new OpenSloError(
      `${path}.dimensions`,
      `an SLI metric has one dimension, its resource (FunctionName, ApiName, ApiId or QueueName); this has ${dimensions.length}`
    );
  }
  const dimension = record(dimensions[0], `${path}.dimensions[0]`, ['name', 'value']);
  return {
    namespace: string(raw.namespace, `${path}.namespace`),
    metricName: string(raw.metricName, `${path}.metricName`),
    dimension: {
      name: string(dimension.name, `${path}.dimensions[0].name`),
      value: string(dimension.value, `${path}.dimensions[0].value`),
    },
    stat: string(raw.stat, `${path}.stat`),
  };
}

function optionalPeriod(raw: unknown, path: string): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const period = number(raw, path);
  if (!(Number.isInteger(period) && period > 0 && period % 60 === 0)) {
    throw new OpenSloError(path, `${period} must be a whole number of minutes, in seconds (60, 300, …)`);
  }
  return period;
}
