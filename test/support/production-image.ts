import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigValidationError, loadConfig, PRODUCTION_REQUIRED_VARIABLES } from '@formasi/config';

// Checks of the production image's files that need no Docker: docker-compose.yml against the
// configuration schema, and the Dockerfile's stages. Each check returns the problems it finds,
// as sentences that name the service, the variable or the stage.

/** The services that run Formasi's code, and the package.json script each one's command must be. */
export const APP_SERVICES = { migrate: 'migrate', api: 'start:api', worker: 'start:worker' } as const;

/** Environment entries that hold a secret: never written in the file, always `${NAME:?message}` from .env. */
const SECRET_NAME = /(SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY)$/;
const REQUIRED_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]+\}$/;

// ---------------------------------------------------------------- compose's interpolation

export class InterpolationError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compose's variable interpolation: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:?error}`, `${NAME?error}`, `${NAME:+alt}`, `${NAME+alt}`, defaults themselves interpolated.
 * A required variable without a value throws, naming it, as `docker compose` stops.
 */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (bare) {
      out += vars[bare[0]] ?? '';
      i += 1 + bare[0].length;
      continue;
    }
    if (next !== '{') throw new Error(`invalid interpolation format in "${text}": a $ must start $NAME, \${NAME} or $$`);
    // the matching brace, counting nested ${…} in a default
    let depth = 1;
    let j = i + 2;
    for (; j < text.length && depth > 0; j += 1) {
      if (text[j] === '{') depth += 1;
      else if (text[j] === '}') depth -= 1;
    }
    if (depth > 0) throw new Error(`invalid interpolation format in "${text}": unclosed \${`);
    const body = text.slice(i + 2, j - 1);
    out += expand(body, vars);
    i = j;
  }
  return out;
}

function expand(body: string, vars: Record<string, string | undefined>): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([\s\S]*))?$/.exec(body);
  if (!m) throw new Error(`invalid interpolation format: \${${body}}`);
  const [, name, colon, op, arg] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined];
  const value = vars[name];
  const missing = colon ? value === undefined || value === '' : value === undefined;
  if (op === undefined) return value ?? '';
  if (op === '-') return missing ? interpolate(arg ?? '', vars) : value!;
  if (op === '+') return missing ? '' : interpolate(arg ?? '', vars);
  if (missing) throw new InterpolationError(name, `required variable ${name} is missing a value: ${arg ?? ''}`);
  return value!;
}

/** Every string of a parsed YAML document interpolated; each required variable left unset is collected, not thrown. */
function interpolateTree(node: unknown, vars: Record<string, string | undefined>, missing: InterpolationError[]): unknown {
  if (typeof node === 'string') {
    try {
      return interpolate(node, vars);
    } catch (e) {
      if (e instanceof InterpolationError) {
        missing.push(e);
        return '';
      }
      throw e;
    }
  }
  if (Array.isArray(node)) return node.map((n) => interpolateTree(n, vars, missing));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, vars, missing)]));
  }
  return node;
}

/** The names of the variables a compose file requires (`${NAME:?…}`) that `vars` leaves unset, as compose would refuse them. */
export function missingRequiredVariables(composeText: string, vars: Record<string, string | undefined>): string[] {
  const missing: InterpolationError[] = [];
  interpolateTree(parseCompose(composeText), vars, missing);
  return [...new Set(missing.map((e) => e.variable))].sort();
}

// ---------------------------------------------------------------- compose file

interface ComposeService {
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  env_file?: string | (string | { path: string; required?: boolean })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { source?: string; target?: string })[];
  healthcheck?: { disable?: boolean; test?: unknown };
  restart?: string;
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
}

/** YAML with merge keys (`<<: *app`), as compose reads it. */
export function parseCompose(text: string): ComposeFile {
  return parseYaml(text, { merge: true }) as ComposeFile;
}

/** A service's `environment` as written (before interpolation), as name → raw value; a bare name is `undefined` (taken from the shell). */
function rawEnvironment(service: ComposeService): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  const e = service.environment;
  if (Array.isArray(e)) {
    for (const entry of e) {
      const at = entry.indexOf('=');
      if (at < 0) env.set(entry, undefined);
      else env.set(entry.slice(0, at), entry.slice(at + 1));
    }
  } else if (e) {
    for (const [k, v] of Object.entries(e)) env.set(k, v === null || v === undefined ? undefined : String(v));
  }
  return env;
}

function envFilePaths(service: ComposeService): { path: string; required: boolean }[] {
  const f = service.env_file;
  if (f === undefined) return [];
  return (Array.isArray(f) ? f : [f]).map((x) =>
    typeof x === 'string' ? { path: x, required: true } : { path: x.path, required: x.required ?? true },
  );
}

/** `KEY=VALUE` lines of an env file (compose's format, without interpolation of the values). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * The environment a container of `service` gets: its env files (those given in `envFiles`; an
 * absent optional one adds nothing), then `environment`, which wins; values interpolated with `vars`.
 */
export function serviceEnvironment(
  service: ComposeService,
  vars: Record<string, string | undefined>,
  envFiles: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { path } of envFilePaths(service)) {
    if (envFiles[path] !== undefined) Object.assign(env, parseEnvFile(envFiles[path]!));
  }
  for (const [name, raw] of rawEnvironment(service)) {
    const value = raw === undefined ? vars[name] : interpolate(raw, vars);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function commandOf(c: string | string[] | undefined): string | undefined {
  return c === undefined ? undefined : Array.isArray(c) ? c.join(' ') : c;
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const d = service.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v?.condition ?? 'service_started']));
}

/** `volume:/path` mounts of a service, as path → volume name. */
function namedMounts(service: ComposeService): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const v of service.volumes ?? []) {
    const [source, target] = typeof v === 'string' ? v.split(':') : [v.source, v.target];
    if (source && target && !/^[./~]/.test(source)) mounts.set(target, source);
  }
  return mounts;
}

export interface ProductionFiles {
  compose: string;
  dockerfile: string;
  dockerignore: string;
  /** package.json's scripts: each app service's command must be the script it stands for. */
  scripts: Record<string, string>;
  /** Repository root, to find the sources of the files commands run. */
  root: string;
}

/**
 * The compose file against the configuration schema and the Dockerfile: every app service is
 * built from the Dockerfile, runs the command of its package.json script, gets NODE_ENV=production
 * and every variable production requires (checked by loading the configuration the service
 * would get with only its required variables given: no .env), takes its secrets from `${NAME:?…}`,
 * and the API and workers start after the migrations and share the upload folder.
 */
export function checkCompose(files: ProductionFiles): string[] {
  const problems: string[] = [];
  const compose = parseCompose(files.compose);
  const services = compose.services ?? {};
  const stages = new Map(parseDockerfile(files.dockerfile).map((s) => [s.name, s]));

  // the variables compose requires, each given a value that satisfies the schema's rules
  const required = missingRequiredVariables(files.compose, {});
  const vars = Object.fromEntries(required.map((name) => [name, `${name.toLowerCase()}-`.padEnd(48, 'x')]));

  for (const [name, service] of Object.entries(services)) {
    for (const [key, raw] of rawEnvironment(service)) {
      if (SECRET_NAME.test(key) && !(raw !== undefined && REQUIRED_REFERENCE.test(raw))) {
        problems.push(
          `${name}: ${key} is a secret and must come from .env as \${${key}:?message}, not ${raw === undefined ? 'the shell' : `"${raw}"`}`,
        );
      }
      const password = raw === undefined ? undefined : /^[a-z]+:\/\/[^:/@]*:([^@]*)@/.exec(raw)?.[1];
      if (password !== undefined && !REQUIRED_REFERENCE.test(password)) {
        problems.push(`${name}: the password in ${key} must come from .env as \${NAME:?message}, not "${password}"`);
      }
    }
  }

  for (const [name, script] of Object.entries(APP_SERVICES)) {
    const service = services[name];
    if (!service) {
      problems.push(`${name}: the service is missing (it runs npm run ${script})`);
      continue;
    }
    const build = typeof service.build === 'string' ? { context: service.build } : service.build;
    const stage = build?.target === undefined ? parseDockerfile(files.dockerfile).at(-1) : stages.get(build.target);
    if (!build || build.context !== '.' || (build.dockerfile ?? 'Dockerfile') !== 'Dockerfile') {
      problems.push(`${name}: must be built from the Dockerfile (build: { context: ., target: … })`);
    } else if (!stage) {
      problems.push(`${name}: build target "${build.target}" is not a stage of the Dockerfile`);
    }

    // what it runs: the service's command, else the image's CMD; it must be the package.json script
    const command = commandOf(service.command) ?? (stage ? stageSetting(files.dockerfile, stage.name, 'CMD') : undefined);
    const expected = files.scripts[script];
    if (command !== expected) problems.push(`${name}: runs "${command}", not npm run ${script} ("${expected}")`);
    const ran = /^node (\S+)\.js$/.exec(command ?? '')?.[1]?.replace(/^dist\//, '');
    if (ran !== undefined && !existsSync(join(files.root, `${ran}.ts`)))
      problems.push(`${name}: runs ${command}, whose source ${ran}.ts does not exist`);

    // the environment a container gets with nothing but the required variables given
    const env = serviceEnvironment(service, vars);
    if (env.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV must be production, not "${env.NODE_ENV ?? ''}"`);
    for (const variable of [...Object.keys(PRODUCTION_REQUIRED_VARIABLES), 'DATABASE_URL']) {
      if (!env[variable]) {
        const why =
          variable === 'DATABASE_URL'
            ? 'a container without it starts an embedded PostgreSQL whose data dies with it'
            : 'production requires it';
        problems.push(`${name}: ${variable} is not provided (${why})`);
      } else if (variable in PRODUCTION_REQUIRED_VARIABLES && !REQUIRED_REFERENCE.test(rawEnvironment(service).get(variable) ?? '')) {
        problems.push(`${name}: ${variable} must be required as \${${variable}:?message}, so a missing one stops compose with its name`);
      }
    }
    try {
      const config = loadConfig(env);
      for (const [variable, url] of [
        ['DATABASE_URL', config.databaseUrl],
        ['REDIS_URL', config.redisUrl],
      ] as const) {
        const host = url === undefined ? undefined : new URL(url).hostname;
        if (host !== undefined && !services[host])
          problems.push(`${name}: ${variable} points at "${host}", which is not a service of this file`);
      }
    } catch (e) {
      if (!(e instanceof ConfigValidationError)) throw e;
      problems.push(...e.problems.map((p) => `${name}: ${p}`));
    }

    if (name !== 'migrate') {
      const condition = dependsOn(service).migrate;
      if (condition !== 'service_completed_successfully') {
        problems.push(`${name}: must depend on migrate with condition service_completed_successfully (has ${condition ?? 'none'})`);
      }
    }
  }

  const migrate = services.migrate;
  if (migrate && migrate.restart !== undefined && migrate.restart !== 'no') {
    problems.push(`migrate: runs once; restart must be "no", not "${migrate.restart}"`);
  }

  // rosters uploaded to the API are validated by a worker: both must see the same folder
  const dirs = (['api', 'worker'] as const).map((name) => {
    const service = services[name];
    const dir = service && serviceEnvironment(service, vars).STAFFING_UPLOAD_DIR;
    return { name, dir, volume: dir && service ? namedMounts(service).get(dir) : undefined };
  });
  for (const { name, dir, volume } of dirs) {
    if (!dir) problems.push(`${name}: STAFFING_UPLOAD_DIR must be set to a folder the API and the workers share`);
    else if (!volume) problems.push(`${name}: STAFFING_UPLOAD_DIR ${dir} must be a named volume mounted in the API and the workers`);
  }
  if (dirs.every((d) => d.volume) && dirs[0]!.volume !== dirs[1]!.volume) {
    problems.push(`api and worker: STAFFING_UPLOAD_DIR is on different volumes (${dirs[0]!.volume}, ${dirs[1]!.volume})`);
  }

  // the API's health is probed, by the image or the service
  const api = services.api;
  if (api?.healthcheck?.disable) problems.push('api: its healthcheck must not be disabled');

  return problems;
}

// ---------------------------------------------------------------- Dockerfile

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}
export interface DockerStage {
  name: string;
  /** The image or earlier stage it starts FROM. */
  from: string;
  instructions: DockerInstruction[];
}

/** The Dockerfile's stages with their instructions (continuation lines joined, comments dropped). */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const start = i;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i += 1;
      if (/^\s*#/.test(lines[i]!)) continue;
      line = line.replace(/\\\s*$/, ' ') + lines[i]!.trim();
    }
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*?)\s*$/.exec(line);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!;
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ name: from?.[2] ?? String(stages.length), from: from?.[1] ?? args, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword, args, line: start + 1 });
    }
  }
  return stages;
}

/** The stages a target is built from, base first. */
function chain(stages: DockerStage[], target: string): DockerStage[] {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const out: DockerStage[] = [];
  for (let s = byName.get(target); s && !out.includes(s); s = byName.get(s.from)) out.unshift(s);
  return out;
}

/** A setting (CMD, USER, HEALTHCHECK) in force in a target: the last one along its chain, exec form joined by spaces. */
export function stageSetting(dockerfile: string, target: string, keyword: string): string | undefined {
  const found = chain(parseDockerfile(dockerfile), target)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === keyword)
    .at(-1);
  if (!found) return undefined;
  return execForm(found.args);
}

function execForm(args: string): string {
  if (!args.startsWith('[')) return args;
  try {
    return (JSON.parse(args) as string[]).join(' ');
  } catch {
    return args;
  }
}

/**
 * The Dockerfile: a build stage that installs everything and builds; for each target compose
 * uses, a slim Node 20 base, production dependencies only (`npm ci --omit=dev`), the build's
 * dist/ copied in, tini as PID 1, a non-root USER, and a HEALTHCHECK on /health where the API runs.
 */
export function checkDockerfile(files: ProductionFiles, buildIncludes: string[]): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(files.dockerfile);
  const services = parseCompose(files.compose).services ?? {};
  const runs = (s: DockerStage): string[] => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const npmInstalls = (s: DockerStage): string[] =>
    runs(s).flatMap((r) => r.split(/&&|;/).filter((c) => /\bnpm\s+(ci|install|i)\b/.test(c)));

  if (stages.length < 2) problems.push(`Dockerfile: must be multi-stage (build, then runtime), has ${stages.length} stage(s)`);
  const build = stages.find((s) => runs(s).some((r) => /\bnpm run build\b/.test(r)));
  if (!build) {
    problems.push('Dockerfile: no stage runs npm run build');
  } else {
    if (!npmInstalls(build).some((c) => /\bnpm ci\b/.test(c) && !/--omit=dev/.test(c))) {
      problems.push(`Dockerfile: the build stage "${build.name}" must install every dependency with npm ci`);
    }
    // the sources tsconfig.build.json compiles must be in the build stage
    const copied = build.instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const path of buildIncludes) {
      if (!copied.some((c) => c === '.' || c === path || c === `${path}/`))
        problems.push(`Dockerfile: the build stage does not copy ${path}, which npm run build needs`);
    }
  }

  const targets = new Set(
    Object.keys(APP_SERVICES).flatMap((name) => {
      const b = services[name]?.build;
      return typeof b === 'object' && b.target ? [b.target] : [stages.at(-1)?.name ?? ''];
    }),
  );
  targets.add(stages.at(-1)?.name ?? '');
  for (const target of targets) {
    const line = chain(stages, target);
    if (line.length === 0) continue;
    if (build && line.includes(build)) {
      problems.push(
        `Dockerfile: target "${target}" is built on the build stage "${build.name}" (dev dependencies and sources in the image)`,
      );
      continue;
    }
    const base = line[0]!.from;
    if (!/^node:20(\.[\d.]+)?-[a-z]*-?slim(@sha256:[0-9a-f]+)?$/.test(base))
      problems.push(`Dockerfile: target "${target}" starts from ${base}, not a slim Node 20 image`);
    const installs = line.flatMap(npmInstalls);
    if (installs.length === 0) problems.push(`Dockerfile: target "${target}" installs no dependencies (npm ci --omit=dev)`);
    for (const c of installs) {
      if (!/\bnpm ci\b/.test(c) || !/--omit=dev\b/.test(c))
        problems.push(`Dockerfile: target "${target}" must install production dependencies only (npm ci --omit=dev), runs "${c.trim()}"`);
    }
    const copiesDist = line.some((s) =>
      s.instructions.some(
        (i) => i.keyword === 'COPY' && build && new RegExp(`--from=${build.name}\\b`).test(i.args) && /\bdist\b/.test(i.args),
      ),
    );
    if (!copiesDist) problems.push(`Dockerfile: target "${target}" does not copy dist/ from the build stage`);
    const user = stageSetting(files.dockerfile, target, 'USER');
    if (!user) problems.push(`Dockerfile: target "${target}" runs as root (no USER)`);
    else if (/^(root|0)(:|$)/.test(user)) problems.push(`Dockerfile: target "${target}" runs as root (USER ${user})`);
    if (!/\btini\b/.test(stageSetting(files.dockerfile, target, 'ENTRYPOINT') ?? '')) {
      problems.push(
        `Dockerfile: target "${target}" runs node as PID 1 (ENTRYPOINT ["/usr/bin/tini", "--"]): it would ignore the SIGTERM the worker raises again after closing`,
      );
    }
    const health = stageSetting(files.dockerfile, target, 'HEALTHCHECK');
    const cmd = stageSetting(files.dockerfile, target, 'CMD');
    if (cmd === files.scripts['start:api']) {
      if (!health || /^NONE$/i.test(health)) problems.push(`Dockerfile: target "${target}" runs the API without a HEALTHCHECK`);
      else if (!/\/health\b/.test(health)) problems.push(`Dockerfile: target "${target}"'s HEALTHCHECK does not probe /health`);
    } else if (health && !/^NONE$/i.test(health)) {
      problems.push(`Dockerfile: target "${target}" has no HTTP server (CMD ${cmd}) but a HEALTHCHECK; use HEALTHCHECK NONE`);
    }
  }

  const ignored = new Set(files.dockerignore.split(/\r?\n/).map((l) => l.trim()));
  for (const entry of ['.env', '.git'])
    if (!ignored.has(entry)) problems.push(`.dockerignore: must keep ${entry} out of the build context`);
  if (!ignored.has('node_modules') && !ignored.has('**/node_modules'))
    problems.push('.dockerignore: must keep node_modules out of the build context');
  return problems;
}
