// spdx-expression-parse ships no types; its README documents this shape.
declare module 'spdx-expression-parse' {
  export interface SpdxLicenseNode {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface SpdxConjunctionNode {
    conjunction: 'and' | 'or';
    left: SpdxNode;
    right: SpdxNode;
  }
  export type SpdxNode = SpdxLicenseNode | SpdxConjunctionNode;
  /** Throws on an expression that is not valid SPDX. */
  export default function parse(expression: string): SpdxNode;
}
