import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

// The README is a map: every guide in docs/ is reachable from it, its links lead somewhere, and
// every variable the service reads is in .env.example and explained in the operations guide.
const root = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** Relative link targets of a Markdown file (no URLs, no pure anchors, nothing in code), without their anchor. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((href) => !/^[a-z]+:/i.test(href) && !href.startsWith('#'))
    .map((href) => href.split('#')[0]!);
}

function envNames(text: string, pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))].sort();
}

describe('documentation', () => {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));

  it('links every guide in docs/ from the README', () => {
    const linked = new Set(relativeLinks(read('README.md')));
    expect(docs.filter((f) => !linked.has(`docs/${f}`))).toEqual([]);
  });

  it('has no relative link, in the README or in docs/, to a file that does not exist', () => {
    const broken: string[] = [];
    for (const file of ['README.md', ...docs.map((f) => `docs/${f}`)]) {
      for (const target of relativeLinks(read(file))) {
        if (!existsSync(resolve(root, dirname(file), target))) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('lists every variable of the environment schema in .env.example', () => {
    const schema = envNames(read('libs/config/src/env.schema.ts'), /^\s+([A-Z][A-Z0-9_]+)[?!]?:/gm);
    const example = new Set(envNames(read('.env.example'), /^#?\s?([A-Z][A-Z0-9_]+)=/gm));
    expect(schema.length).toBeGreaterThan(20);
    expect(schema.filter((name) => !example.has(name))).toEqual([]);
  });

  it('explains every variable of .env.example in docs/operations-and-configuration.md', () => {
    const example = envNames(read('.env.example'), /^#?\s?([A-Z][A-Z0-9_]+)=/gm);
    const guide = read('docs/operations-and-configuration.md');
    expect(example.length).toBeGreaterThan(20);
    expect(example.filter((name) => !guide.includes(`| \`${name}\``))).toEqual([]);
  });
  it("has a README tour whose GraphQL is valid against the API's schema", () => {
    const schema = buildSchema(read('schema.gql'));
    // the tour's shell helper: Q '<document>' [variables]
    const tour = [...read('README.md').matchAll(/^Q '([^']+)'/gm)].map((m) => m[1]!);
    expect(tour.length).toBeGreaterThanOrEqual(8);
    const invalid = tour.flatMap((document) => validate(schema, parse(document)).map((e) => `${e.message}\n  in: ${document}`));
    expect(invalid).toEqual([]);
  });
  it("has GraphQL examples in docs/ that are valid against the API's schema, operation by operation", () => {
    const schema = buildSchema(read('schema.gql'));
    const operations = docs.flatMap((f) =>
      [...read(`docs/${f}`).matchAll(/^```graphql\n([\s\S]*?)^```/gm)].flatMap((m) => {
        const document = parse(m[1]!);
        return document.definitions.map((definition) => ({ file: f, document: { ...document, definitions: [definition] } }));
      }),
    );
    expect(operations.length).toBeGreaterThanOrEqual(10);
    const invalid = operations.flatMap(({ file, document }) => validate(schema, document).map((e) => `${file}: ${e.message}`));
    expect(invalid).toEqual([]);
  });
});
