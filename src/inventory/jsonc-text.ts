import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ProjectError } from '../model/errors.js';

/** Keys that would reach Object.prototype if assigned to a plain object. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses JSON with trailing commas and comments (bun.lock) into plain data.
 * The values are built here from jsonc-parser's syntax tree rather than by
 * its `parse`, which assigns `__proto__` keys and so changes an object's
 * prototype: a lockfile is untrusted input, and such keys are refused.
 */
export function parseJsoncText(text: string, label: string): unknown {
  const errors: ParseError[] = [];
  const tree = parseTree(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first !== undefined || tree === undefined) {
    const offset = first?.offset ?? text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new ProjectError(`malformed JSON in ${label} at line ${line}, column ${column}: ${first ? printParseErrorCode(first.error) : 'empty file'}`);
  }
  return valueOf(tree, label);
}

function valueOf(node: Node, label: string): unknown {
  if (node.type === 'array') return (node.children ?? []).map((child) => valueOf(child, label));
  if (node.type !== 'object') return node.value as unknown;
  const record: Record<string, unknown> = {};
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const key = String(keyNode.value);
    if (HOSTILE_KEYS.has(key)) throw new ProjectError(`${label}: refusing hostile key ${JSON.stringify(key)}`);
    record[key] = valueOf(valueNode, label);
  }
  return record;
}
