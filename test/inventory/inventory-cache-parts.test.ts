import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Inventory } from '../../src/model/component.js';
import { openDatabase } from '../../src/store/db.js';
import { InventoryCache } from '../../src/store/inventory-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

function inventory(name: string): Inventory {
  return { root: `/${name}`, project: { name }, sourceFile: 'package-lock.json', components: [], edges: [], paths: new Map(), workspaces: [], warnings: [] };
}

test('the inventory cache keeps the 32 newest entries: an evicted entry goes with its parts, a rewritten one keeps only its new parts', () => {
  const db = openDatabase(path.join(tempDir(), 'cache.db'));
  const cache = new InventoryCache(db);
  for (let i = 0; i <= 32; i++) cache.put(`key-${i}`, inventory(`p${i}`), new Date(Date.UTC(2026, 0, 1, 0, i)), [['lib', `digest-${i}`]]);
  assert.equal(cache.get('key-0'), undefined);
  const parts = (key: string): number => db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM inventory_cache_parts WHERE key = ?').get(key)?.n ?? 0;
  assert.equal(parts('key-0'), 0);
  assert.deepEqual(cache.get('key-32'), { inventory: inventory('p32'), localFolders: [['lib', 'digest-32']] });
  cache.put('key-32', inventory('again'), new Date(Date.UTC(2026, 0, 2)));
  assert.equal(parts('key-32'), 1);
  assert.deepEqual(cache.get('key-32'), { inventory: inventory('again'), localFolders: [] });
  db.close();
});
