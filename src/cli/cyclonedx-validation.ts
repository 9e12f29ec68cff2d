import { Worker } from 'node:worker_threads';
import type { CycloneDxSpecVersion } from '../report/cyclonedx.js';
import type { SchemaValidationIssue } from '../report/json-schema-validator.js';

export interface PendingValidator {
  validate(json: string): Promise<SchemaValidationIssue[]>;
}

/**
 * Starts compiling the CycloneDX schema in a worker thread right away, so
 * that its ~300 ms overlap with loading the dependency tree.
 */
export function startCycloneDxValidator(spec: CycloneDxSpecVersion): PendingValidator {
  const worker = new Worker(new URL('./cyclonedx-validation-worker.js', import.meta.url), { workerData: { spec } });
  worker.unref();
  return {
    validate(json) {
      return new Promise((resolve, reject) => {
        worker.once('message', (message: { issues: SchemaValidationIssue[] }) => {
          resolve(message.issues);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.ref();
        worker.postMessage(json);
      });
    },
  };
}
