import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { PackageManager } from '../model/component.js';

export type LockfileName = 'npm-shrinkwrap.json' | 'package-lock.json' | 'pnpm-lock.yaml' | 'yarn.lock' | 'bun.lock' | 'bun.lockb';

export const MANAGER_OF_LOCKFILE: Readonly<Record<LockfileName, PackageManager>> = {
  'npm-shrinkwrap.json': 'npm',
  'package-lock.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'yarn.lock': 'yarn',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

const NAMES = new Set<string>(Object.keys(MANAGER_OF_LOCKFILE));

function isLockfileName(name: string): name is LockfileName {
  return NAMES.has(name);
}

/**
 * Which kind of lockfile a file is: by its name when it has a lockfile's
 * name, else by its first bytes (a base lockfile for `diff` may be called
 * anything, e.g. `main-pnpm-lock.yaml`). Undefined when it looks like none.
 */
export function lockfileKindOf(file: string): LockfileName | undefined {
  const name = path.basename(file);
  if (isLockfileName(name)) return name;
  return lockfileKindOfText(readHead(file));
}

/** The kind a lockfile's opening text shows (each manager writes a recognisable first line or key). */
export function lockfileKindOfText(head: string): LockfileName | undefined {
  const text = head.replace(/^\uFEFF/, '');
  // bun.lockb's header (bun's install/lockfile.zig) before its binary body.
  if (text.startsWith('#!/usr/bin/env bun') || text.includes('bun-lockfile-format')) return 'bun.lockb';
  if (/^# yarn lockfile v1/m.test(text) || /^"?__metadata"?:/m.test(text)) return 'yarn.lock';
  if (/^(---\s*\n)?lockfileVersion:/m.test(text)) return 'pnpm-lock.yaml';
  if (text.trimStart().startsWith('{')) {
    // bun.lock opens with lockfileVersion then workspaces; npm's lockfile with name, version, lockfileVersion, requires, packages.
    const workspaces = text.indexOf('"workspaces"');
    const packages = text.indexOf('"packages"');
    const requires = text.indexOf('"requires"');
    if (workspaces >= 0 && (packages < 0 || workspaces < packages) && requires < 0) return 'bun.lock';
    return 'package-lock.json';
  }
  return undefined;
}

function readHead(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(512);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
