import { Worker } from 'node:worker_threads';
import type { Inventory } from '../model/component.js';
import type * as CdxTypes from '@cyclonedx/cyclonedx-library';
import { DataError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import type { CycloneDxOptions, CycloneDxSpecVersion } from './cyclonedx.js';
import type { SchemaValidationIssue } from '../schema/schema-issues.js';
import type { ValidationAnswer, ValidationRequest } from './cyclonedx-validation-worker.js';

export interface PendingValidator {
  validate(json: string): Promise<SchemaValidationIssue[]>;
  /** No document will come (the project could not be read): the worker may stop once idle. */
  close(): void;
}

/** One validation worker per spec version, kept for the next document while this process runs. */
interface ValidationWorker {
  worker: Worker;
  waiting: Map<number, { resolve: (issues: SchemaValidationIssue[]) => void; reject: (error: Error) => void }>;
  idle?: NodeJS.Timeout;
}

/**
 * How long an idle worker is kept. Starting one and loading a validator costs
 * about 0.25 s of CPU (a Node.js thread, then the generated code); a process
 * that writes several SBOMs (the library API, a server, the tests) pays it
 * once per spec version, not once per document. The worker never keeps the
 * process alive: a CLI run exits as soon as its own work is done.
 */
const IDLE_WORKER_MS = 10_000;
const workers = new Map<CycloneDxSpecVersion, ValidationWorker>();
let lastRequest = 0;

function workerFor(spec: CycloneDxSpecVersion): ValidationWorker {
  const running = workers.get(spec);
  if (running) return running;
  const entry: ValidationWorker = { worker: new Worker(new URL('./cyclonedx-validation-worker.js', import.meta.url), { workerData: { spec } }), waiting: new Map() };
  const failAll = (error: Error): void => {
    if (workers.get(spec) === entry) workers.delete(spec);
    for (const { reject } of entry.waiting.values()) reject(error);
    entry.waiting.clear();
  };
  entry.worker.unref();
  entry.worker.on('message', ({ id, issues }: ValidationAnswer) => {
    entry.waiting.get(id)?.resolve(issues);
    entry.waiting.delete(id);
    whenIdle(spec, entry);
  });
  entry.worker.on('error', failAll);
  entry.worker.on('exit', () => failAll(new Error('the CycloneDX validation worker stopped')));
  workers.set(spec, entry);
  return entry;
}

/** Lets the process exit without the worker, and stops it after a while with nothing to do. */
function whenIdle(spec: CycloneDxSpecVersion, entry: ValidationWorker): void {
  if (entry.waiting.size > 0) return;
  entry.worker.unref();
  clearTimeout(entry.idle);
  entry.idle = setTimeout(() => {
    if (entry.waiting.size > 0) return;
    if (workers.get(spec) === entry) workers.delete(spec);
    void entry.worker.terminate();
  }, IDLE_WORKER_MS);
  entry.idle.unref();
}

/**
 * Starts the CycloneDX validator in a worker thread right away (or finds the
 * one this process already has), so that loading it (the build's
 * precompiled code, or compiling the schema when that is missing) overlaps
 * with loading the dependency tree.
 */
export function startCycloneDxValidator(spec: CycloneDxSpecVersion): PendingValidator {
  clearTimeout(workerFor(spec).idle);
  return {
    validate(json) {
      // The worker started above, unless it has stopped since (then a new one).
      const entry = workerFor(spec);
      return new Promise((resolve, reject) => {
        const id = ++lastRequest;
        entry.waiting.set(id, { resolve, reject });
        entry.worker.ref();
        entry.worker.postMessage({ id, json } satisfies ValidationRequest);
      });
    },
    close() {
      const entry = workers.get(spec);
      if (entry) whenIdle(spec, entry);
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
