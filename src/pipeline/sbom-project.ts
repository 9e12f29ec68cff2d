// `deptrust sbom` and the library's `sbom()`: one path from a project to its validated CycloneDX document.
import { randomUUID } from 'node:crypto';
import type { Inventory, OmittableScope } from '../model/component.js';
import type { Warning } from '../model/warning.js';
import type { CycloneDxFormat, CycloneDxSpecVersion, SbomRisk } from '../report/cyclonedx.js';
import { hasAdvisoryData } from './advisory-database.js';
import { inventoryProject } from './inventory-project.js';
import { withOptionalStore } from './optional-store.js';

export interface SbomProjectOptions {
  spec: CycloneDxSpecVersion;
  format: CycloneDxFormat;
  /** No serial number or timestamp: the same input gives the same bytes. */
  reproducible: boolean;
  /** False: components only, even with advisory data at hand. */
  vulnerabilities: boolean;
  /** Scopes to leave out; without it, the policy file's `omit` (with advisory data) or none. */
  omit?: readonly OmittableScope[];
  /** The policy file whose ignore rules become VEX (default: found walking up from the project). */
  config?: string;
  lockfile?: string;
  /** The advisory database (also the inventory cache), already resolved to a path; used when it opens. */
  dbFile: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** deptrust's version: the SBOM's tool, and the inventory cache's salt. */
  version: string;
  /** Told of each warning met: the database that would not open, the scan's and the policy's warnings. */
  warn?: (warning: Warning) => void;
}

export interface SbomProjectResult {
  inventory: Inventory;
  /** The document in its format. */
  text: string;
  /** The JSON form it was validated in (the same text for JSON). */
  json: string;
}

/**
 * The project's SBOM, validated against the CycloneDX schema of its spec.
 * With advisory data in the local database (and `vulnerabilities` not
 * false), an offline scan adds the findings, VEX for what the policy
 * ignores, risk scores and signals. Never uses the network.
 */
export async function sbomProject(projectDir: string, options: SbomProjectOptions): Promise<SbomProjectResult> {
  // The validator starts on the other core first, while everything else loads and the tree resolves.
  const { startCycloneDxValidator, validatedSbomForms } = await import('../report/cyclonedx-validation.js');
  const validator = startCycloneDxValidator(options.spec);
  const lockfile = options.lockfile === undefined ? {} : { lockfile: options.lockfile };
  try {
    return await withOptionalStore(
      options.dbFile,
      async (db) => {
        // A fresh inventory is written to the cache while the worker validates the SBOM.
        let writeCache: (() => void) | undefined;
        const cache = db ? { cache: { db, salt: options.version, now: options.now, deferWrite: (write: () => void) => (writeCache = write) } } : {};
        let inventory: Inventory;
        let risk: SbomRisk | undefined;
        let warnings: readonly Warning[];
        if (db && options.vulnerabilities && hasAdvisoryData(db)) {
          const { scanOffline } = await import('./scan-project.js');
          const { evaluatePolicy } = await import('../policy/evaluate-policy.js');
          const { loadPolicy } = await import('../policy/load-policy.js');
          const policy = await loadPolicy(projectDir, options.config);
          const scan = await scanOffline(projectDir, db, { omit: options.omit ?? policy.omit, now: options.now, env: options.env, ...cache, ...lockfile });
          const verdict = evaluatePolicy(scan, policy, options.now());
          inventory = scan.inventory;
          risk = { findings: scan.findings, suppressed: verdict.suppressed, scores: scan.scores, signals: scan.signals, remediations: scan.remediations };
          warnings = [...scan.warnings, ...verdict.warnings];
        } else {
          inventory = await inventoryProject(projectDir, { omit: options.omit ?? [], ...cache, ...lockfile });
          warnings = inventory.warnings;
        }
        for (const warning of warnings) options.warn?.(warning);
        const forms = await validatedSbomForms(
          inventory,
          {
            spec: options.spec,
            format: options.format,
            reproducible: options.reproducible,
            timestamp: options.now(),
            serialNumber: `urn:uuid:${randomUUID()}`,
            tool: { name: 'deptrust', version: options.version },
            ...(risk ? { risk } : {}),
          },
          validator,
          () => writeCache?.(),
        );
        return { inventory, ...forms };
      },
      options.warn,
    );
  } catch (error) {
    validator.close();
    throw error;
  }
}
