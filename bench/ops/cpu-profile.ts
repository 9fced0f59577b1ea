// Where a process's CPU went: a V8 .cpuprofile (node --cpu-prof) summed by self time, per
// module (a package, a Formasi source file or node's internals) and per function, over a
// window of wall-clock time.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuShare {
  name: string;
  ms: number;
}

export interface CpuProfileSummary {
  /** Sampled time that was not idle, in the window. */
  busyMs: number;
  /** Garbage collection, part of busyMs. */
  gcMs: number;
  modules: CpuShare[];
  functions: CpuShare[];
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; `dist/apps/api/src/auth/x.js` → `apps/api/src/auth/x.js`; `node:…` → `node`. */
export function moduleOf(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/dist\/((?:apps|libs|scripts)\/.*)$/.exec(url);
  return own ? own[1]! : url.replace(/^file:\/\//, '');
}

const top = (m: Map<string, number>, n: number): CpuShare[] =>
  [...m.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n);

/**
 * Self time of the samples taken between `fromMs` and `toMs` (wall clock, Date.now()), given
 * that the profile ended at `endedAtMs` (when the process exited): the profile's own clock is
 * monotonic, so wall times are counted back from its end.
 */
export function summariseCpuProfile(file: string, endedAtMs: number, fromMs: number, toMs: number, topN = 20): CpuProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  // sample i is taken at startTime + Σ timeDeltas[0..i] (µs); it stands for the interval up to the next one
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    const us = (p.timeDeltas[i + 1] ?? 0) > 0 ? p.timeDeltas[i + 1]! : 0;
    const wall = endedAtMs - (p.endTime - t) / 1000;
    if (wall < fromMs || wall > toMs || us === 0) continue;
    const node = byId.get(p.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    if (functionName === '(garbage collector)') gc += us;
    const mod = moduleOf(url);
    modules.set(mod, (modules.get(mod) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${mod}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  return { busyMs: busy / 1000, gcMs: gc / 1000, modules: top(modules, topN), functions: top(functions, topN) };
}
