import { parentPort, workerData } from 'node:worker_threads';
import type { CycloneDxSpecVersion } from './cyclonedx.js';
import { validateCycloneDxJson } from './validate-cyclonedx.js';

// Loads the CycloneDX validator on the second core while the main thread
// resolves the tree, then validates the document it is sent.
const spec: CycloneDxSpecVersion = workerData.spec;
validateCycloneDxJson({}, spec); // load now; the result for {} is irrelevant
parentPort?.on('message', (json: string) => {
  try {
    parentPort?.postMessage({ issues: validateCycloneDxJson(JSON.parse(json), spec) });
  } catch (error) {
    parentPort?.postMessage({ issues: [{ path: '/', message: error instanceof Error ? error.message : String(error) }] });
  }
});
