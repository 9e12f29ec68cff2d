import type { Component } from '../../src/model/component.js';

/** A registry component for unit tests; override what the test is about. */
export function makeComponent(name: string, version = '1.0.0', overrides: Partial<Component> = {}): Component {
  return {
    id: `pkg:npm/${name}@${version}`,
    name,
    version,
    aliases: [],
    purl: `pkg:npm/${name}@${version}`,
    source: { kind: 'registry' },
    flags: { dev: false, optional: false, devOptional: false, peer: false, bundled: false },
    scope: 'prod',
    direct: true,
    depth: 1,
    hasInstallScript: false,
    locations: [`node_modules/${name}`],
    workspaces: [],
    isWorkspace: false,
    ...overrides,
  };
}
