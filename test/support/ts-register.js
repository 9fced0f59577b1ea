// Lets a test start the real worker (apps/worker/src/main.ts) as a process of its own, so it can
// be killed: `node -r ./test/support/ts-register.js apps/worker/src/main.ts`. TypeScript's own
// transpiler, like ts-jest's isolatedModules, emits the decorator metadata Nest's injection reads
// (esbuild-based runners do not); `@formasi/<lib>` resolves to libs/<lib>/src as in jest.config.js.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const root = join(__dirname, '..', '..');
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: true,
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@formasi\/([a-z-]+)(\/.*)?$/.exec(request);
  if (m) request = join(root, 'libs', m[1], 'src', m[2] ?? '');
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
