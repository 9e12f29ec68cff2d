import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TyposquatIndex } from '../signals/typosquat.js';

// The data files shipped in the package's data/ folder (three folders up from dist/src/pipeline).

/** The built-in advisory sample, the last resort when no advisory data can be had. */
export const SAMPLE_FILE = fileURLToPath(new URL('../../../data/advisory-sample.json', import.meta.url));
/** The popular package names that typosquats imitate, one a line (`#` starts a comment). */
export const POPULAR_PACKAGES_FILE = fileURLToPath(new URL('../../../data/popular-packages.txt', import.meta.url));

let typosquats: TyposquatIndex | undefined;

/** The typosquat index of the popular names, read once per process. */
export function typosquatIndex(): TyposquatIndex {
  typosquats ??= new TyposquatIndex(
    readFileSync(POPULAR_PACKAGES_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return typosquats;
}
