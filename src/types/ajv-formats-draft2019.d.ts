// ajv-formats-draft2019 ships no types; README: `apply(ajv, { formats })`.
declare module 'ajv-formats-draft2019' {
  import type { Ajv } from 'ajv';
  export default function apply(ajv: Ajv, options?: { formats?: string[] }): Ajv;
}
