/**
 * CloudWatch metric math, as far as SLIs need it: numbers, query ids, + - * /, FILL(x, n) and
 * IF(a op b, x, y). One tree serves three jobs: written into OpenSLO files, read back from them, and
 * evaluated on GetMetricData results, so the CLI's numbers and the exported queries cannot drift.
 */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'ref'; id: string }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'fill'; arg: Expr; value: number }
  | { kind: 'if'; condition: Comparison; then: Expr; else: Expr };

export type BinaryOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Comparison {
  op: ComparisonOp;
  left: Expr;
  right: Expr;
}

export class MetricMathError extends Error {}

export const num = (value: number): Expr => ({ kind: 'number', value });
export const ref = (id: string): Expr => ({ kind: 'ref', id });
export const fill = (arg: Expr, value = 0): Expr => ({ kind: 'fill', arg, value });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const ifThen = (condition: Comparison, then: Expr, otherwise: Expr): Expr => ({
  kind: 'if',
  condition,
  then,
  else: otherwise,
});

/** The sum of terms, left to right. */
export function sum(terms: Expr[]): Expr {
  if (terms.length === 0) {
    return num(0);
  }
  return terms.slice(1).reduce((total, term) => binary('+', total, term), terms[0]);
}

/** Every query id the expression reads, in order of first use. */
export function refs(expr: Expr): string[] {
  const ids: string[] = [];
  const visit = (e: Expr) => {
    switch (e.kind) {
      case 'ref':
        if (!ids.includes(e.id)) {
          ids.push(e.id);
        }
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'negate':
      case 'fill':
        visit(e.arg);
        return;
      case 'if':
        visit(e.condition.left);
        visit(e.condition.right);
        visit(e.then);
        visit(e.else);
        return;
    }
  };
  visit(expr);
  return ids;
}

/** The numbers compared in the expression's IF conditions (a queue SLI's threshold). */
export function comparedNumbers(expr: Expr): number[] {
  const found: number[] = [];
  const visit = (e: Expr) => {
    if (e.kind === 'if') {
      for (const side of [e.condition.left, e.condition.right]) {
        if (side.kind === 'number') {
          found.push(side.value);
        }
      }
      [e.condition.left, e.condition.right, e.then, e.else].forEach(visit);
    } else if (e.kind === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'negate' || e.kind === 'fill') {
      visit(e.arg);
    }
  };
  visit(expr);
  return found;
}

/**
 * The expression's value when each id has the value lookup gives; a missing value (undefined) stays
 * missing through arithmetic, as in CloudWatch, unless FILL replaces it.
 */
export function evaluate(expr: Expr, lookup: (id: string) => number | undefined): number | undefined {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'ref':
      return lookup(expr.id);
    case 'negate': {
      const v = evaluate(expr.arg, lookup);
      return v === undefined ? undefined : -v;
    }
    case 'fill':
      return evaluate(expr.arg, lookup) ?? expr.value;
    case 'binary': {
      const a = evaluate(expr.left, lookup);
      const b = evaluate(expr.right, lookup);
      if (a === undefined || b === undefined) {
        return undefined;
      }
      return { '+': a + b, '-': a - b, '*': a * b, '/': a / b }[expr.op];
    }
    case 'if': {
      const a = evaluate(expr.condition.left, lookup);
      const b = evaluate(expr.condition.right, lookup);
      if (a === undefined || b === undefined) {
        return undefined;
      }
      const holds = { '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b, '==': a === b, '!=': a !== b }[
        expr.condition.op
      ];
      return evaluate(holds ? expr.then : expr.else, lookup);
    }
  }
}

const precedence = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;
const ATOM = 4;

function exprPrecedence(e: Expr): number {
  if (e.kind === 'binary') {
    return precedence[e.op];
  }
  return e.kind === 'negate' ? 3 : ATOM;
}

/** The expression in CloudWatch's metric math syntax, with only the parentheses it needs. */
export function render(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'ref':
      return expr.id;
    case 'fill':
      return `FILL(${render(expr.arg)}, ${expr.value})`;
    case 'if':
      return `IF(${render(expr.condition.left)} ${expr.condition.op} ${render(expr.condition.right)}, ${render(expr.then)}, ${render(expr.else)})`;
    case 'negate':
      return `-${wrap(expr.arg, exprPrecedence(expr.arg) < 3)}`;
    case 'binary': {
      const own = precedence[expr.op];
      const left = wrap(expr.left, exprPrecedence(expr.left) < own);
      const rightPrecedence = exprPrecedence(expr.right);
      const right = wrap(
        expr.right,
        rightPrecedence < own || (rightPrecedence === own && (expr.op === '-' || expr.op === '/'))
      );
      return `${left} ${expr.op} ${right}`;
    }
  }
}

function wrap(e: Expr, parenthesize: boolean): string {
  return parenthesize ? `(${render(e)})` : render(e);
}

type Token = { type: 'number'; value: number; at: number } | { type: 'word' | 'symbol'; text: string; at: number };

const tokenPattern = /(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|[-+*/(),<>])/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) {
      at++;
    }
    if (at >= text.length) {
      return tokens;
    }
    tokenPattern.lastIndex = at;
    const m = tokenPattern.exec(text);
    if (!m) {
      throw new MetricMathError(`unexpected "${text[at]}" at character ${at + 1}`);
    }
    if (m[1] !== undefined) {
      tokens.push({ type: 'number', value: Number(m[1]), at });
    } else if (m[2] !== undefined) {
      tokens.push({ type: 'word', text: m[2], at });
    } else {
      tokens.push({ type: 'symbol', text: m[3], at });
    }
    at = tokenPattern.lastIndex;
  }
}

const comparisonOps: ComparisonOp[] = ['<', '<=', '>', '>=', '==', '!='];

/**
 * Reads a metric math expression. Functions other than FILL and IF, and CloudWatch's SEARCH and
 * Metrics Insights queries, are refused: an SLI built on them cannot be mapped to a template.
 */
export function parse(text: string): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const describe = (t: Token | undefined) =>
    t === undefined ? 'the end' : `"${t.type === 'number' ? t.value : t.text}" at character ${t.at + 1}`;
  const expectSymbol = (symbol: string) => {
    const t = tokens[i];
    if (t?.type !== 'symbol' || t.text !== symbol) {
      throw new MetricMathError(`expected "${symbol}" but found ${describe(t)}`);
    }
    i++;
  };
  const isSymbol = (t: Token | undefined, ...symbols: string[]) => t?.type === 'symbol' && symbols.includes(t.text);

  const expression = (): Expr => {
    let left = term();
    while (isSymbol(peek(), '+', '-')) {
      const op = (tokens[i++] as { text: BinaryOp }).text;
      left = binary(op, left, term());
    }
    return left;
  };
  const term = (): Expr => {
    let left = factor();
    while (isSymbol(peek(), '*', '/')) {
      const op = (tokens[i++] as { text: BinaryOp }).text;
      left = binary(op, left, factor());
    }
    return left;
  };
  const factor = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) {
      throw new MetricMathError('the expression ends too early');
    }
    if (t.type === 'number') {
      return num(t.value);
    }
    if (t.type === 'symbol') {
      if (t.text === '-') {
        return { kind: 'negate', arg: factor() };
      }
      if (t.text === '(') {
        const inner = expression();
        expectSymbol(')');
        return inner;
      }
      throw new MetricMathError(`unexpected ${describe(t)}`);
    }
    if (!isSymbol(peek(), '(')) {
      return ref(t.text);
    }
    i++;
    switch (t.text.toUpperCase()) {
      case 'FILL': {
        const arg = expression();
        expectSymbol(',');
        const value = factor();
        if (value.kind !== 'number') {
          throw new MetricMathError('FILL needs a number to fill with (REPEAT and LINEAR are not supported)');
        }
        expectSymbol(')');
        return fill(arg, value.value);
      }
      case 'IF': {
        const left = expression();
        const opToken = tokens[i++];
        if (opToken?.type !== 'symbol' || !comparisonOps.includes(opToken.text as ComparisonOp)) {
          throw new MetricMathError(`IF needs a comparison (<, <=, >, >=, ==, !=), found ${describe(opToken)}`);
        }
        const right = expression();
        expectSymbol(',');
        const then = expression();
        expectSymbol(',');
        const otherwise = expression();
        expectSymbol(')');
        return ifThen({ op: opToken.text as ComparisonOp, left, right }, then, otherwise);
      }
      default:
        throw new MetricMathError(`${t.text}() is not supported: SLI expressions use + - * /, FILL and IF`);
    }
  };

  const result = expression();
  if (i < tokens.length) {
    throw new MetricMathError(`unexpected ${describe(tokens[i])}`);
  }
  return result;
}
