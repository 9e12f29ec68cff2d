import type { Component, DependencyPath, Inventory } from '../model/component.js';

/** `api > express@4.4.0 > send@0.4.0 > ms@0.6.2`: a path from the root, by name@version. */
export function pathLabel(inventory: Inventory, path: DependencyPath, byId: ReadonlyMap<string, Component>): string {
  const names = path.map((id) => {
    const component = byId.get(id);
    return component ? `${component.name}@${component.version}` : id;
  });
  return [inventory.project.name, ...names].join(' > ');
}

export function componentsById(inventory: Inventory): Map<string, Component> {
  return new Map(inventory.components.map((component) => [component.id, component]));
}
