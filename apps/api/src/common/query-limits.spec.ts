import { buildSchema, parse, validate } from 'graphql';
import { aliasLimitRule, depthLimitRule, QueryLimitCode, QueryLimitError } from './query-limits';

const schema = buildSchema(`
  type Unit { code: String! parent: Unit children: [Unit!]! }
  type Query { unit: Unit units: [Unit!]! }
`);

const codes = (query: string, rule: ReturnType<typeof depthLimitRule>): string[] =>
  validate(schema, parse(query), [rule]).map((e) => (e instanceof QueryLimitError ? e.code : e.message));

describe('depthLimitRule', () => {
  it('counts nested fields below the root, through fragments and inline fragments', () => {
    expect(codes('{ unit { parent { code } } }', depthLimitRule(2))).toEqual([]);
    expect(codes('{ unit { parent { parent { code } } } }', depthLimitRule(2))).toEqual([QueryLimitCode.QUERY_TOO_DEEP]);
    const viaFragments = '{ unit { ...P } } fragment P on Unit { parent { ... on Unit { parent { code } } } }';
    expect(codes(viaFragments, depthLimitRule(3))).toEqual([]);
    expect(codes(viaFragments, depthLimitRule(2))).toEqual([QueryLimitCode.QUERY_TOO_DEEP]);
  });

  it('survives a fragment that spreads itself (graphql-js reports the cycle)', () => {
    expect(codes('{ unit { ...A } } fragment A on Unit { parent { ...A } }', depthLimitRule(5))).toEqual([]);
  });

  it('leaves introspection to Apollo', () => {
    expect(codes('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', depthLimitRule(2))).toEqual([]);
  });
});

describe('aliasLimitRule', () => {
  it('allows up to the limit and reports once above it', () => {
    expect(codes('{ a: units { code } b: units { c: code } }', aliasLimitRule(3))).toEqual([]);
    expect(codes('{ a: units { code } b: units { c: code d: code e: code } }', aliasLimitRule(3))).toEqual([
      QueryLimitCode.TOO_MANY_ALIASES,
    ]);
  });
});
