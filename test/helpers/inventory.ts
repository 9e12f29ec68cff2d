import type { Component, Inventory } from '../../src/model/component.js';

export function byName(inventory: Inventory, name: string, version?: string): Component {
  const found = inventory.components.filter((c) => c.name === name && (version === undefined || c.version === version));
  const [first] = found;
  if (!first || found.length !== 1) throw new Error(`expected one ${name}${version ? `@${version}` : ''}, found ${found.length}`);
  return first;
}

export function nameVersions(inventory: Inventory): string[] {
  return inventory.components.map((c) => `${c.name}@${c.version}`).sort();
}
