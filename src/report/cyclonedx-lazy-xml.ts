// Imported first by cyclonedx.ts, for its side effect: the CycloneDX
// library's Serialize entry loads its XML stringifier (xmlbuilder2 and about
// 170 modules, ~60 ms) when it is loaded, although only `--format xml` uses
// it. This puts a stand-in into the require cache that loads the real one on
// its first call, so JSON output never pays for XML. If the library's layout
// changes, nothing is replaced and the library loads as it always did.
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function preloadLazyXmlStringifier(): void {
  const library = path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json'));
  const file = path.join(library, 'dist.node', '_optPlug.node', 'xmlStringify.js');
  if (!existsSync(file) || require.cache[file]) return;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const load = (): ((...args: unknown[]) => unknown) => {
    if (!real) {
      delete require.cache[file];
      const loaded = require(file) as { default: (...args: unknown[]) => unknown };
      real = loaded.default;
    }
    return real;
  };
  const stand = new Module(file);
  stand.filename = file;
  stand.loaded = true;
  stand.exports = { __esModule: true, default: (...args: unknown[]): unknown => load()(...args) };
  require.cache[file] = stand;
}

preloadLazyXmlStringifier();
