import parseSpdxExpression, { type SpdxNode } from 'spdx-expression-parse';

/**
 * Whether a licence expression can be satisfied without any denied licence:
 * `OR` needs one acceptable side, `AND` both (SPDX 2.3 annex D). A licence
 * that is not valid SPDX is not judged here (the `unparseable-license` signal
 * covers it). `GPL-2.0+` is the GPL-2.0 family.
 */
export function licenseDenied(expression: string | undefined, denied: readonly string[]): string | undefined {
  if (!expression || denied.length === 0) return undefined;
  let tree: SpdxNode;
  try {
    tree = parseSpdxExpression(expression);
  } catch {
    return undefined;
  }
  const deniedSet = new Set(denied.map(normalise));
  const blocking = (node: SpdxNode): string | undefined => {
    if ('license' in node) return deniedSet.has(normalise(node.license)) ? node.license : undefined;
    const left = blocking(node.left);
    const right = blocking(node.right);
    if (node.conjunction === 'or') return left !== undefined && right !== undefined ? left : undefined;
    return left ?? right;
  };
  return blocking(tree);
}

function normalise(id: string): string {
  return id.toLowerCase().replace(/\+$/, '').replace(/-(only|or-later)$/, '');
}
