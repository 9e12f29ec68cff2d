/** One hash from a Subresource Integrity string, as hex. */
export interface HexHash {
  /** CycloneDX hash algorithm name (`SHA-512`, …). */
  algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  hex: string;
}

const ALGORITHMS: Readonly<Record<string, HexHash['algorithm']>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/**
 * Parses an SRI string (W3C Subresource Integrity: space-separated
 * `<alg>-<base64>[?options]`) into hex hashes; unknown algorithms and broken
 * entries are skipped.
 */
export function sriToHexHashes(integrity: string | undefined): HexHash[] {
  if (!integrity) return [];
  const hashes: HexHash[] = [];
  for (const token of integrity.trim().split(/\s+/)) {
    const match = /^([a-z0-9]+)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    if (!match) continue;
    const algorithm = ALGORITHMS[match[1] as string];
    if (!algorithm) continue;
    const hex = Buffer.from(match[2] as string, 'base64').toString('hex');
    if (hex && !hashes.some((h) => h.algorithm === algorithm)) hashes.push({ algorithm, hex });
  }
  return hashes;
}
