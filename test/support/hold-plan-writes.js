// Preloaded (after ts-register.js) into a worker process a test is going to kill: the first time
// the worker writes a batch of a run's results it prints "holding plan writes <runId>" and waits forever,
// inside the batch's transaction, as a worker does whose machine freezes or is killed mid-write.
const { join } = require('node:path');

const { PlanResultsWriter } = require(join(__dirname, '..', '..', 'apps', 'worker', 'src', 'plan-runs', 'plan-results.writer.ts'));
PlanResultsWriter.prototype.insertResults = function (_tx, runId) {
  process.stdout.write(`holding plan writes ${runId}\n`);
  return new Promise(() => {});
};
