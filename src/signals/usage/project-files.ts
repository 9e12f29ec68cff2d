import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a project file is, for usage evidence. */
export type ProjectFileKind = 'source' | 'config' | 'docker' | 'compose' | 'procfile' | 'ci' | 'git-hook';

export interface ProjectFile {
  /** Relative to the project root, `/`-separated. */
  path: string;
  kind: ProjectFileKind;
}

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];
/** Folders never read: installed packages, VCS data, caches and generated output. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'coverage', '.nyc_output', '.next', '.nuxt', '.cache', '.turbo', '.angular', '.yarn', '.pnpm-store', 'bower_components', 'jspm_packages', '.deptrust-tmp']);
/** Past this many files the walk stops, and what has no evidence is `unknown` (a vendored tree, a home folder). */
export const MAX_PROJECT_FILES = 40_000;

const CI_FILE = /^(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml|\.buildkite\/pipeline\.ya?ml)$/;
const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:dockerfile|Dockerfile)$/;
const COMPOSE = /^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/;

/**
 * The project's files that can show a package in use, in a stable order.
 * `isConfig` tells configuration file names (config-files.ts).
 */
export function projectFiles(root: string, isConfig: (name: string) => boolean): { files: ProjectFile[]; truncated: boolean } {
  const files: ProjectFile[] = [];
  const ignored = ignoredFolders(root);
  let seen = 0;
  const walk = (dir: string, relative: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (seen >= MAX_PROJECT_FILES) return;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !ignored.anywhere.has(entry.name) && !ignored.atRoot.has(rel)) walk(path.join(dir, entry.name), rel);
        continue;
      }
      if (!entry.isFile()) continue;
      seen++;
      const kind = fileKind(rel, entry.name, isConfig);
      if (kind) files.push({ path: rel, kind });
    }
  };
  walk(root, '');
  return { files, truncated: seen >= MAX_PROJECT_FILES };
}

/**
 * Folders the root's .gitignore leaves out by plain name (`dist`, `/build/`):
 * generated output, which would be read as the project's code otherwise.
 * Patterns with wildcards or inner slashes, and negations, are not followed:
 * reading a folder too many only adds evidence.
 */
function ignoredFolders(root: string): { anywhere: Set<string>; atRoot: Set<string> } {
  const anywhere = new Set<string>();
  const atRoot = new Set<string>();
  let text: string;
  try {
    text = readFileSync(path.join(root, '.gitignore'), 'utf8');
  } catch {
    return { anywhere, atRoot };
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!') || /[*?[\]\\]/.test(line)) continue;
    const anchored = line.startsWith('/');
    const name = line.replace(/^\//, '').replace(/\/$/, '');
    if (!name || name.includes('/')) continue;
    (anchored ? atRoot : anywhere).add(name);
  }
  return { anywhere, atRoot };
}

function fileKind(rel: string, name: string, isConfig: (name: string) => boolean): ProjectFileKind | undefined {
  if (CI_FILE.test(rel)) return 'ci';
  if (/(?:^|\/)\.husky\/[^/_][^/]*$/.test(rel) && !name.includes('.')) return 'git-hook';
  if (isConfig(name)) return 'config';
  if (DOCKERFILE.test(name)) return 'docker';
  if (COMPOSE.test(name)) return 'compose';
  if (name === 'Procfile') return 'procfile';
  if (SOURCE_EXTENSIONS.includes(path.extname(name))) return 'source';
  return undefined;
}

/** Tests, tooling and documentation: code that never ships in the running API. */
const DEV_FOLDER = /(?:^|\/)(?:[\w.-]+-e2e|e2e-[\w.-]+|test|tests|__tests__|__mocks__|__fixtures__|spec|specs|e2e|e2e-tests|integration-tests|fixtures?|mocks|scripts?|tools?|bench|benchmarks?|examples?|docs?|cypress|playwright|\.storybook|stories|\.husky|\.github|test-utils|testing)\//;
const DEV_FILE = /(?:\.(?:test|spec|e2e-spec|e2e|stories|story|bench)\.[cm]?[jt]sx?$)|(?:^|\/)(?:[^/]+\.config\.[cm]?[jt]s|\.[^/]+rc\.[cm]?[jt]s|gulpfile\.[cm]?[jt]s|Gruntfile\.[cm]?[jt]s|jest\.(?:setup|preset)[^/]*|setupTests\.[cm]?[jt]sx?|test-setup\.[cm]?[jt]s)$/;

/** Whether a file is development-only by its path (tests, scripts, tools, configuration). */
export function isDevPath(rel: string): boolean {
  return DEV_FOLDER.test(rel) || DEV_FILE.test(rel);
}

/** Code that ships by convention: under a `src` folder, or the usual entry names at a package's root. */
export function isConventionalRuntimePath(rel: string, packageFolder: string): boolean {
  if (isDevPath(rel)) return false;
  if (/(?:^|\/)src\//.test(rel)) return true;
  const inPackage = packageFolder ? rel.slice(packageFolder.length + 1) : rel;
  return /^(?:index|server|app|main)\.[cm]?[jt]s$/.test(inPackage);
}
