import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sendJson, startServer, type TestServer } from './http-server.js';

/** A published version of a fixture package. */
export interface FixtureVersion {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  deprecated?: string;
  /** package.json scripts (an `install` script makes npm record `hasInstallScript`). */
  scripts?: Record<string, string>;
}

export interface LocalRegistry extends TestServer {
  /** Names npm asked the registry for (packuments), in order. */
  packumentRequests(): string[];
  /** Publishes more versions (time passing: fixes released after the project was locked). */
  publish(versions: readonly FixtureVersion[]): void;
}

/**
 * A tiny npm registry on 127.0.0.1: full packuments (dist-tags, versions with
 * their dependencies, dist.tarball and integrity) and the tarballs
 * themselves, built here from the fixture versions. `latest` is the highest
 * version unless `latest` names another.
 */
export async function startNpmRegistry(versions: readonly FixtureVersion[], latest: Record<string, string> = {}): Promise<LocalRegistry> {
  const tarballs = new Map<string, Buffer>();
  const byName = new Map<string, FixtureVersion[]>();
  const publish = (list: readonly FixtureVersion[]): void => {
    for (const v of list) byName.set(v.name, [...(byName.get(v.name) ?? []), v]);
  };
  publish(versions);
  let base = '';
  const server = await startServer((request, _body, response) => {
    const url = decodeURIComponent(request.url ?? '/');
    const tarball = tarballs.get(url);
    if (tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
      response.end(tarball);
      return;
    }
    const name = url.slice(1);
    const published = byName.get(name);
    if (!published) {
      sendJson(response, 404, { error: 'Not found' });
      return;
    }
    sendJson(response, 200, packument(name, published, latest[name], base, tarballs));
  });
  base = server.url;
  return {
    ...server,
    publish,
    packumentRequests: () => server.requests.map((r) => decodeURIComponent(r.path).slice(1)).filter((p) => !p.includes('/-/')),
  };
}

function packument(name: string, published: readonly FixtureVersion[], latest: string | undefined, base: string, tarballs: Map<string, Buffer>): object {
  const sorted = [...published].sort((a, b) => compareVersions(a.version, b.version));
  const entries = sorted.map((v) => {
    const file = `/${name}/-/${name.split('/').pop() ?? name}-${v.version}.tgz`;
    let tgz = tarballs.get(file);
    if (!tgz) tarballs.set(file, (tgz = packageTarball({ name, version: v.version, ...(v.dependencies ? { dependencies: v.dependencies } : {}), ...(v.scripts ? { scripts: v.scripts } : {}) })));
    const manifest = {
      name,
      version: v.version,
      ...(v.dependencies ? { dependencies: v.dependencies } : {}),
      ...(v.deprecated ? { deprecated: v.deprecated } : {}),
      ...(v.scripts ? { scripts: v.scripts } : {}),
      dist: { tarball: `${base}${file}`, integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`, shasum: createHash('sha1').update(tgz).digest('hex') },
    };
    return [v.version, manifest] as const;
  });
  return {
    name,
    'dist-tags': { latest: latest ?? sorted.at(-1)?.version ?? '' },
    versions: Object.fromEntries(entries),
    time: Object.fromEntries(sorted.map((v) => [v.version, '2025-01-01T00:00:00.000Z'])),
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A gzipped tar with one file, `package/package.json` (ustar headers, as npm pack writes them). */
export function packageTarball(manifest: object): Buffer {
  const content = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number): void => {
    header.write(text.slice(0, length), offset, length, 'utf8');
  };
  put('package/package.json', 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 12);
  put('00000000000\0', 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, content, padding, Buffer.alloc(1024)]));
}

/** The npm that comes with the Node.js running the tests, started with that node: never another npm on PATH. */
export function bundledNpm(): { command: string; args: string[] } {
  const cli = realpathSync(path.join(path.dirname(process.execPath), process.platform === 'win32' ? 'node_modules/npm/bin/npm-cli.js' : 'npm'));
  return { command: process.execPath, args: [cli] };
}
