import { Worker } from 'node:worker_threads';
import type { Inventory } from '../model/component.js';
import { DataError } from '../model/errors.js';
import type { CycloneDxOptions, CycloneDxSpecVersion } from './cyclonedx.js';
import type { SchemaValidationIssue } from '../schema/json-schema-validator.js';

export interface PendingValidator {
  validate(json: string): Promise<SchemaValidationIssue[]>;
}

/**
 * Starts the CycloneDX validator in a worker thread right away, so that
 * loading it (the build's precompiled code, or compiling the schema when
 * that is missing) overlaps with loading the dependency tree.
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

/** Renders the SBOM and validates it (JSON form) against its spec's schema; throws rather than return an invalid one. */
export async function validatedSbom(
  inventory: Inventory,
  options: CycloneDxOptions,
  validator: PendingValidator = startCycloneDxValidator(options.spec),
  /** Work to do on this thread while the worker validates (a cache write). */
  whileValidating?: () => void,
): Promise<string> {
  // The CycloneDX library is loaded only once a worker is already loading the validator.
  const { renderCycloneDx } = await import('./cyclonedx.js');
  const output = renderCycloneDx(inventory, options);
  // XML is checked through the JSON form of the same model: validating XML needs libxmljs2, which needs Node 22.
  const pending = validator.validate(options.format === 'json' ? output : renderCycloneDx(inventory, { ...options, format: 'json' }));
  whileValidating?.();
  const issues = await pending;
  const first = issues[0];
  if (first) {
    throw new DataError(`the SBOM failed CycloneDX ${options.spec} schema validation at ${first.path}: ${first.message} (nothing written; please report this)`);
  }
  return output;
}
