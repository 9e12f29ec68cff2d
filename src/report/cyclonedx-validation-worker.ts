import { parentPort, workerData } from 'node:worker_threads';
import type { CycloneDxSpecVersion } from './cyclonedx.js';
import type { SchemaValidationIssue } from '../schema/schema-issues.js';
import { validateCycloneDxJson } from './validate-cyclonedx.js';

/** A document to validate, with the number its answer carries (several may be in flight). */
export interface ValidationRequest {
  id: number;
  json: string;
}

export interface ValidationAnswer {
  id: number;
  issues: SchemaValidationIssue[];
}

// Loads the CycloneDX validator on the second core while the main thread
// resolves the tree, then validates each document it is sent.
const spec: CycloneDxSpecVersion = workerData.spec;
const loaded = validateCycloneDxJson({}, spec); // load now; the result for {} is irrelevant
loaded.catch(() => undefined); // a validator that cannot load is reported with each document

async function answer({ id, json }: ValidationRequest): Promise<ValidationAnswer> {
  try {
    await loaded;
    return { id, issues: await validateCycloneDxJson(JSON.parse(json), spec) };
  } catch (error) {
    return { id, issues: [{ path: '/', message: error instanceof Error ? error.message : String(error) }] };
  }
}

parentPort?.on('message', (request: ValidationRequest) => {
  void answer(request).then((reply) => parentPort?.postMessage(reply));
});
