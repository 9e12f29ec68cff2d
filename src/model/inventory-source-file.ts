/** The file the tree is read from: a lockfile of one of the four managers, or the installed node_modules. */
export type InventorySourceFile = 'npm-shrinkwrap.json' | 'package-lock.json' | 'pnpm-lock.yaml' | 'yarn.lock' | 'bun.lock' | 'node_modules';
