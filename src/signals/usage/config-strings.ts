import yaml from 'js-yaml';
import { parseTree, type Node } from 'jsonc-parser';

/** One string in a configuration file: a value or an object key, where it is, and the keys leading to it. */
export interface ConfigString {
  keys: string[];
  value: string;
  line: number;
  isKey: boolean;
}

/** The strings of a JSON (or JSONC) document with their lines, or undefined when it is not JSON. */
export function jsonStrings(text: string): ConfigString[] | undefined {
  const tree = parseTree(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, [], { allowTrailingComma: true, disallowComments: false });
  if (tree === undefined) return undefined;
  const lines = lineIndex(text);
  const found: ConfigString[] = [];
  const walk = (node: Node, keys: string[]): void => {
    if (node.type === 'string' && typeof node.value === 'string') found.push({ keys, value: node.value, line: lines(node.offset), isKey: false });
    else if (node.type === 'boolean' || node.type === 'number') found.push({ keys, value: String(node.value), line: lines(node.offset), isKey: false });
    else if (node.type === 'array') (node.children ?? []).forEach((child, index) => walk(child, [...keys, String(index)]));
    else if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined) continue;
        const key = String(keyNode.value);
        found.push({ keys, value: key, line: lines(keyNode.offset), isKey: true });
        if (valueNode) walk(valueNode, [...keys, key]);
      }
    }
  };
  walk(tree, []);
  return found;
}

/**
 * The strings of a YAML document. js-yaml keeps no positions, so each line is
 * the first line at or after the previous string's that holds the text
 * (documents are walked in order): right for the commands and names read here.
 */
export function yamlStrings(text: string): ConfigString[] | undefined {
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  const textLines = text.split('\n');
  let cursor = 0;
  const lineOf = (value: string): number => {
    const needle = value.split('\n').find((part) => part.trim().length > 0)?.trim() ?? value;
    for (let i = cursor; i < textLines.length; i++) {
      if (textLines[i]?.includes(needle)) {
        cursor = i;
        return i + 1;
      }
    }
    return cursor + 1;
  };
  const found: ConfigString[] = [];
  const walk = (value: unknown, keys: string[]): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') found.push({ keys, value: String(value), line: lineOf(String(value)), isKey: false });
    else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...keys, String(index)]));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        found.push({ keys, value: key, line: lineOf(key), isKey: true });
        walk(child, [...keys, key]);
      }
    }
  };
  for (const document of documents) walk(document, []);
  return found;
}

/** Offset → 1-based line. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
