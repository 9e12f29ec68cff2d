// The OSV dump download through each transport under src/net/http.ts:
// Node's fetch (what OSV used before) and npm's (make-fetch-happen, which
// honours the npm proxy and TLS settings), from a local server on
// 127.0.0.1, alternating runs so the machine's load falls on both alike.
// Prints MiB/s, CPU seconds and the RSS growth; asserts nothing.
//
// Usage: node dist/bench/download-transport.js [--mib N] [--runs N] (defaults: 256 MiB, 3 runs)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_RETRY, downloadFile, type FetchFunction } from '../src/net/http.js';
import { npmTransportFetch } from '../src/net/npm-fetch.js';
import { median } from './timing.js';

const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const mib = flag('mib', 256);
const runs = flag('runs', 3);
const chunk = Buffer.alloc(1024 * 1024, 0x61);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/zip', 'content-length': mib * chunk.length });
  let sent = 0;
  const more = (): void => {
    while (sent < mib) {
      sent++;
      if (!response.write(chunk)) return void response.once('drain', more);
    }
    response.end();
  };
  more();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/npm/all.zip`;
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-'));

const transports: Array<[string, FetchFunction]> = [
  ['node fetch', (input, init) => fetch(input, init)],
  // No npm configuration: the transport as a user without a proxy has it.
  ['npm transport (make-fetch-happen)', npmTransportFetch(() => ({}))],
];
const results = new Map<string, Array<{ seconds: number; cpu: number; rssMiB: number }>>(transports.map(([name]) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, transport] of transports) {
    const rssBefore = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await downloadFile(url, path.join(work, 'all.zip'), { ...DEFAULT_RETRY, fetch: transport });
    const cpu = process.cpuUsage(cpuBefore);
    results.get(name)?.push({ seconds: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6, rssMiB: (process.memoryUsage().rss - rssBefore) / 1024 / 1024 });
  }
}
console.log(`download of ${mib} MiB from 127.0.0.1, ${runs} runs each, load ${loadavg()[0]?.toFixed(1)} (the server runs in the same process)`);
for (const [name, figures] of results) {
  const seconds = median(figures.map((f) => f.seconds));
  console.log(`${name.padEnd(36)} median ${seconds.toFixed(2)} s (${(mib / seconds).toFixed(0)} MiB/s), CPU ${median(figures.map((f) => f.cpu)).toFixed(2)} s, RSS growth at most ${Math.max(...figures.map((f) => f.rssMiB)).toFixed(0)} MiB`);
}
rmSync(work, { recursive: true, force: true });
server.close();
