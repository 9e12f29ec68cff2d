import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The digest of deptrust's compiled code, written by the build beside it
 * (dist/src/code-digest.txt). Cached results that code computed (the
 * inventory cache) carry it in their key: deptrust's version alone would let
 * a build from a newer commit of the same version (installed from git, or a
 * developer's own build) reuse an inventory an older reader made, with
 * whatever that reader got wrong.
 */
const DIGEST_FILE = 'code-digest.txt';
const CODE_FILE = /\.c?js$/;

/** dist/src: the folder above this module's. */
const compiledRoot = (): string => fileURLToPath(new URL('..', import.meta.url));

/** Every `.js` and `.cjs` file under `root` (relative, `/`-separated, sorted), with its bytes, hashed. */
export function digestOfCode(root: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && CODE_FILE.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** A build step: writes the digest of the code under `root` (through a temporary file: a build cut short leaves none half-written). */
export function writeCodeDigest(root = compiledRoot()): string {
  const digest = digestOfCode(root);
  const file = path.join(root, DIGEST_FILE);
  writeFileSync(`${file}.tmp`, `${digest}\n`);
  renameSync(`${file}.tmp`, file);
  return digest;
}

let ownDigest: string | undefined;

/** The digest the build wrote of this deptrust's code, read once. */
export function codeDigest(): string {
  ownDigest ??= readCodeDigest(compiledRoot());
  return ownDigest;
}

/** The digest written under `root`; '' when none was (compiled by tsc alone), which then keys caches by version only. */
export function readCodeDigest(root: string): string {
  try {
    return readFileSync(path.join(root, DIGEST_FILE), 'utf8').trim();
  } catch {
    return '';
  }
}
