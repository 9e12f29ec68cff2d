import { Worker } from 'node:worker_threads';
import type { Inventory } from '../model/component.js';
import type * as CdxTypes from '@cyclonedx/cyclonedx-library';
import { DataError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import type { CycloneDxOptions, CycloneDxSpecVersion } from './cyclonedx.js';
import type { SchemaValidationIssue } from '../schema/json-schema-validator.js';

export interface PendingValidator {
  validate(json: string): Promise<SchemaValidationIssue[]>;
  /** Stops the worker when no document will come (the project could not be read). */
  close(): void;
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
    close() {
      void worker.terminate();
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
  return (await validatedSbomForms(inventory, options, validator, whileValidating)).text;
}

/** The validated SBOM in its format (`text`) and in the JSON form it was validated in (`json`, the same text for JSON). */
export async function validatedSbomForms(
  inventory: Inventory,
  options: CycloneDxOptions,
  validator: PendingValidator = startCycloneDxValidator(options.spec),
  whileValidating?: () => void,
): Promise<{ text: string; json: string }> {
  // The CycloneDX library is loaded only once a worker is already loading the validator.
  const { renderCycloneDx } = await import('./cyclonedx.js');
  const text = renderCycloneDx(inventory, options);
  // XML is checked through the JSON form of the same model: validating XML needs libxmljs2, which needs Node 22.
  const json = options.format === 'json' ? text : renderCycloneDx(inventory, { ...options, format: 'json' });
  const pending = validator.validate(json);
  whileValidating?.();
  const issues = await pending;
  const first = issues[0];
  if (first) {
    throw new DataError(`the SBOM failed CycloneDX ${options.spec} schema validation at ${first.path}: ${first.message} (nothing written; please report this)`);
  }
  return { text, json };
}

/** A CycloneDX JSON document (the library's normalized model, as its JSON serializer writes it). */
export type CycloneDxJson = CdxTypes.Serialize.JSON.Types.Normalized.Bom;

/**
 * The JSON form of an SBOM that `validatedSbomForms` returned. It passed the
 * CycloneDX schema of its spec, so its shape is the library's JSON model; the
 * check here only confirms it is that document.
 */
export function parseValidatedSbom(json: string): CycloneDxJson {
  const value: unknown = JSON.parse(json);
  if (!isCycloneDxJson(value)) throw new DataError('the SBOM is not a CycloneDX JSON document (please report this)');
  return value;
}

function isCycloneDxJson(value: unknown): value is CycloneDxJson {
  return isRecord(value) && value['bomFormat'] === 'CycloneDX' && typeof value['specVersion'] === 'string' && typeof value['version'] === 'number';
}
