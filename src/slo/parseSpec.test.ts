import specs from '../../testdata/slo/specs.json';
import { parseSloSpec } from './parseSpec';
import { SloSpecError } from './validate';

function fieldOf(raw: unknown): string | undefined {
  try {
    parseSloSpec(raw);
    return undefined;
  } catch (e) {
    if (e instanceof SloSpecError) {
      return e.field;
    }
    throw e;
  }
}

const valid = specs.valid[0];

describe('reading an SLO spec from JSON or YAML', () => {
  it.each(specs.valid.map((s) => [s.name, s]))('accepts the shared valid spec %s as it is', (_, spec) => {
    expect(parseSloSpec(spec)).toBe(spec);
  });

  it.each(specs.invalid.map((c) => [c.field, c.spec]))('names %s in the shared invalid specs', (field, spec) => {
    expect(fieldOf(spec)).toBe(field);
  });

  it.each([
    ['objective', { ...valid, objective: '99.5' }, 'must be a number, not string'],
    ['window', { ...valid, window: '30d' }, 'must be an object, not string'],
    ['sli.resources[1]', { ...valid, sli: { ...valid.sli, resources: ['a', 7] } }, 'must be a string, not number'],
    ['labels.team', { ...valid, labels: { team: null } }, 'must be a string, not null'],
    ['exclusion', { ...valid, exclusion: [] }, 'is not a field of an SLO spec'],
    ['alerting.minEvent', { ...valid, alerting: { minEvent: 3 } }, 'is not a field of an SLO spec'],
    ['window', { ...valid, window: { rolling: '30d', calendar: 'month' } }, 'exactly one of rolling or calendar'],
    ['service', { name: 'a' }, 'is required'],
    ['spec', ['not', 'a', 'spec'], 'must be an object, not array'],
  ])('names %s when its type or name is wrong', (field, raw, message) => {
    expect(fieldOf(raw)).toBe(field);
    expect(() => parseSloSpec(raw)).toThrow(message);
  });
});
