import type { ComponentSource, SourceKind } from '../model/component.js';
import { redactUrl } from './redact-url.js';

export interface SourceEvidence {
  resolved: string | undefined;
  /** The node came from a `link: true` entry. */
  linked: boolean;
  isWorkspace: boolean;
  /** Specs of the edges that resolve to this node, as written in package.json files. */
  incomingSpecs: readonly string[];
}

const GIT_RESOLVED = /^(git\+[a-z]+:|git:|github:|gitlab:|bitbucket:|gist:)/i;
const HTTP_URL = /^https?:\/\//i;
// npm-package-arg's own tests, in its order (lib/npa.js, `resolve`).
const URL_SPEC = /^(?:git[+])?[a-z]+:/i;
const FILE_SPEC = /^(?:file:|[.]|~[/]|[/]|[a-zA-Z]:)/i;
const TARBALL_FILE = /\.(tgz|tar\.gz|tar)$/i;

/**
 * Where a node's code comes from, following npm-package-arg's order for a
 * spec: a link to a workspace or folder, a local path (`file:`, `./`, `/`,
 * `~/`), git, a URL, anything else with a slash or a tarball extension (a
 * local path again), else the registry: `registry.npmjs.org` without a
 * scheme is a registry spec to npm, not a folder. A remote tarball's
 * `resolved` looks like a registry URL, so the declared spec decides.
 */
export function classifySource(evidence: SourceEvidence): ComponentSource {
  const { resolved } = evidence;
  if (evidence.isWorkspace) return withUrl('workspace', resolved);
  if (evidence.linked) return withUrl('link', resolved);
  if (resolved === undefined) return { kind: 'registry' };
  if (FILE_SPEC.test(resolved)) return withUrl(TARBALL_FILE.test(resolved) ? 'file' : 'directory', resolved);
  if (GIT_RESOLVED.test(resolved)) return withUrl('git', resolved);
  if (HTTP_URL.test(resolved)) {
    const declaredAsUrl = evidence.incomingSpecs.some((spec) => HTTP_URL.test(spec));
    return withUrl(declaredAsUrl ? 'tarball' : 'registry', resolved);
  }
  if (URL_SPEC.test(resolved)) return withUrl('registry', resolved);
  if (resolved.includes('/') || TARBALL_FILE.test(resolved)) return withUrl(TARBALL_FILE.test(resolved) ? 'file' : 'directory', resolved);
  // A registry spec that is no URL (a host name, a tag): where from is the configured registry's business, not a URL to print.
  return { kind: 'registry' };
}

function withUrl(kind: SourceKind, resolved: string | undefined): ComponentSource {
  if (resolved === undefined) return { kind };
  const url = redactUrl(resolved);
  const host = hostOf(url);
  return host === undefined ? { kind, url } : { kind, url, host };
}

function hostOf(url: string): string | undefined {
  if (!HTTP_URL.test(url)) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
