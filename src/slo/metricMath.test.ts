import { comparedNumbers, evaluate, MetricMathError, parse, refs, render } from './metricMath';

const values: Record<string, number> = { a: 10, b: 4, c: 2 };
const lookup = (id: string) => values[id];

describe('metric math', () => {
  it.each([
    ['a + b * c', 18],
    ['(a + b) * c', 28],
    ['a - b - c', 4],
    ['a - (b - c)', 8],
    ['a / b / c', 1.25],
    ['a / (b / c)', 5],
    ['-a + b', -6],
    ['FILL(missing, 7) + a', 17],
    ['IF(a <= 10, b, c)', 4],
    ['IF(a < 10, b, c)', 2],
    ['IF(b * 2 >= a - c, 1, 0)', 1],
    ['2.5e1 / 5', 5],
  ])('evaluates %s to %d and renders it back to the same value', (text, expected) => {
    const expr = parse(text);
    expect(evaluate(expr, lookup)).toBe(expected);
    expect(evaluate(parse(render(expr)), lookup)).toBe(expected);
  });

  it('renders only the parentheses it needs', () => {
    expect(render(parse('((a + b)) - (c + a)'))).toBe('a + b - (c + a)');
    expect(render(parse('(a * b) + (c / (a - b))'))).toBe('a * b + c / (a - b)');
    expect(render(parse('fill(a, 0)'))).toBe('FILL(a, 0)');
  });

  it('keeps a missing value missing through arithmetic, unless FILL replaces it', () => {
    expect(evaluate(parse('a + missing'), lookup)).toBeUndefined();
    expect(evaluate(parse('IF(missing > 1, a, b)'), lookup)).toBeUndefined();
    expect(evaluate(parse('a + FILL(missing, 0)'), lookup)).toBe(10);
  });

  it('lists the ids an expression reads and the numbers its conditions compare with', () => {
    const expr = parse('IF(FILL(age_0, 0) <= 300, n_0, 0) + IF(age_1 <= 300, n_1, 0)');
    expect(refs(expr)).toEqual(['age_0', 'n_0', 'age_1', 'n_1']);
    expect(comparedNumbers(expr)).toEqual([300, 300]);
  });

  it.each([
    ['a +', 'ends too early'],
    ['a + * b', 'unexpected "*"'],
    ['(a + b', 'expected ")"'],
    ['a b', 'unexpected "b" at character 3'],
    ['SUM(METRICS())', 'SUM() is not supported'],
    ['FILL(a, REPEAT)', 'FILL needs a number'],
    ['IF(a, b, c)', 'IF needs a comparison'],
    ['a % b', 'unexpected "%" at character 3'],
  ])('refuses %s: %s', (text, message) => {
    expect(() => parse(text)).toThrow(MetricMathError);
    expect(() => parse(text)).toThrow(message);
  });
});
