import { createRequire } from 'node:module';
import path from 'node:path';
import type * as BabelParser from '@babel/parser';
import type { ParserPlugin } from '@babel/parser';

/** What @babel/parser gives for one file: the program and its comments. */
export type ParsedSource = ReturnType<typeof BabelParser.parse>;

/** Parses one file's code; `file` names it (its extension picks TypeScript, Flow, JSX). Throws when the code cannot be parsed. */
export type SourceParser = (code: string, file: string) => ParsedSource;

// @babel/parser (one 520 KiB CommonJS file) loads with the first source file
// to parse: a project without code of its own, or an SBOM, never compiles it.
let babel: typeof BabelParser | undefined;
function babelParser(): typeof BabelParser {
  if (!babel) {
    const loaded: typeof BabelParser = createRequire(import.meta.url)('@babel/parser');
    babel = loaded;
  }
  return babel;
}

/**
 * The one way the project's code is parsed, for reachability and usage alike:
 * TypeScript for .ts/.mts/.cts/.tsx, Flow otherwise, JSX wherever it may be
 * written, legacy decorators (NestJS), import attributes; error recovery on,
 * and top-level return, await, import and export allowed (CommonJS, scripts).
 */
export const parseSource: SourceParser = (code, file) => {
  const extension = path.extname(file);
  const typescript = ['.ts', '.mts', '.cts', '.tsx'].includes(extension);
  const plugins: ParserPlugin[] = [typescript ? 'typescript' : 'flow', 'importAttributes', 'decorators-legacy'];
  if (extension !== '.ts' && extension !== '.mts' && extension !== '.cts') plugins.push('jsx');
  return babelParser().parse(code, { sourceType: 'unambiguous', plugins, errorRecovery: true, allowReturnOutsideFunction: true, allowImportExportEverywhere: true, allowAwaitOutsideFunction: true });
};
