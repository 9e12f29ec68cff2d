import type { UsageContext, UsageSource } from '../../model/usage.js';
import type { ConfigString } from './config-strings.js';

/** A command line found in a project file, with where it runs. */
export interface FoundCommand {
  source: UsageSource;
  file: string;
  line: number;
  command: string;
  /** Set for the commands whose context follows from what runs them: an npm script's name. */
  script?: string;
  /** Runtime for a container's CMD/ENTRYPOINT, `other` for an image build step, dev for CI and hooks. */
  context: UsageContext;
}

/**
 * A Dockerfile's commands: RUN builds the image (`other`: it may install or
 * build for production), CMD and ENTRYPOINT start the container (runtime).
 * Continuation lines join; the exec form (`["node", "dist/main.js"]`) is
 * read as the words it lists.
 */
export function dockerfileCommands(file: string, text: string): FoundCommand[] {
  const commands: FoundCommand[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let instruction = lines[i] ?? '';
    while (/\\\s*$/.test(instruction) && i + 1 < lines.length) instruction = `${instruction.replace(/\\\s*$/, ' ')}${lines[++i] ?? ''}`;
    const match = /^\s*(RUN|CMD|ENTRYPOINT)\s+(.*)$/i.exec(instruction);
    if (!match?.[1] || match[2] === undefined) continue;
    const kind = match[1].toUpperCase();
    let body = match[2].replace(/^--[\w-]+=\S+\s+/g, '').trim();
    body = execForm(body) ?? body;
    commands.push({ source: 'docker', file, line: start + 1, command: body, context: kind === 'RUN' ? 'other' : 'runtime' });
  }
  return commands;
}

/** `["node", "-r", "dotenv/config", "main.js"]` → `node -r dotenv/config main.js` (quoting words with spaces). */
function execForm(body: string): string | undefined {
  if (!body.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string')) return undefined;
    return parsed.map((word: string) => (/\s/.test(word) ? `"${word.replace(/"/g, '\\"')}"` : word)).join(' ');
  } catch {
    return undefined;
  }
}

/** docker compose `command:` and `entrypoint:` of each service (runtime); a list is the exec form. */
export function composeCommands(file: string, strings: readonly ConfigString[]): FoundCommand[] {
  const byCommand = new Map<string, { words: string[]; line: number }>();
  for (const entry of strings) {
    if (entry.isKey || entry.keys[0] !== 'services') continue;
    const at = entry.keys.findIndex((key, index) => index === 2 && (key === 'command' || key === 'entrypoint'));
    if (at < 0) continue;
    const id = entry.keys.slice(0, 3).join('\u0000');
    const current = byCommand.get(id) ?? { words: [], line: entry.line };
    current.words.push(entry.keys.length > 3 && /\s/.test(entry.value) ? `"${entry.value}"` : entry.value);
    byCommand.set(id, current);
  }
  return [...byCommand.values()].map(({ words, line }) => ({ source: 'docker', file, line, command: words.join(' '), context: 'runtime' }));
}

/** Procfile `web: node server.js`: every process type but `release` starts the app. */
export function procfileCommands(file: string, text: string): FoundCommand[] {
  return text.split('\n').flatMap((line, index): FoundCommand[] => {
    const match = /^([\w-]+):\s*(.+)$/.exec(line.trim());
    return match?.[1] && match[2] ? [{ source: 'docker', file, line: index + 1, command: match[2], context: match[1] === 'release' ? 'other' : 'runtime' }] : [];
  });
}

/** Keys under which CI services hold shell commands (GitHub `run`, GitLab `script`, CircleCI `command`, …). */
const CI_COMMAND_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'command', 'commands', 'install', 'before_install', 'before_script', 'after_success', 'entrypoint', 'args']);

/** The shell commands of a CI workflow: development use (CI installs devDependencies). */
export function ciCommands(file: string, strings: readonly ConfigString[]): FoundCommand[] {
  return strings
    .filter((entry) => !entry.isKey && entry.keys.some((key) => CI_COMMAND_KEYS.has(key)))
    .map((entry) => ({ source: 'ci', file, line: entry.line, command: entry.value, context: 'dev' }));
}

/** A git hook script (`.husky/pre-commit`): every line is a command. */
export function hookCommands(file: string, text: string): FoundCommand[] {
  return text.split('\n').flatMap((line, index): FoundCommand[] => (line.trim() && !line.trim().startsWith('#') ? [{ source: 'git-hook', file, line: index + 1, command: line.trim(), context: 'dev' }] : []));
}
