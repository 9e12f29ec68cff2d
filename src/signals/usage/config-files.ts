/**
 * Configuration files that name packages, by file name: which tool reads
 * each (so the file itself is evidence that tool is used), how to read it,
 * and the tool's shorthand for the packages it loads (eslint's `airbnb` for
 * `eslint-config-airbnb`, babel's `@babel/env` for `@babel/preset-env`).
 */
export type NameConvention = 'eslint' | 'babel' | 'prettier' | 'jest' | 'plain';
export type ConfigFormat = 'json' | 'yaml' | 'code';

export interface ConfigKind {
  /** Packages whose tool reads this file. */
  tools: readonly string[];
  convention: NameConvention;
  format: ConfigFormat;
  /** The values are shell commands (lint-staged, simple-git-hooks, husky 4). */
  commands?: boolean;
}

const CODE = '(?:js|cjs|mjs|ts|cts|mts)';
const TABLE: ReadonlyArray<readonly [RegExp, ConfigKind]> = [
  [/^tsconfig(?:\..+)?\.json$/, { tools: ['typescript'], convention: 'plain', format: 'json' }],
  [/^jsconfig\.json$/, { tools: [], convention: 'plain', format: 'json' }],
  [/^\.eslintrc(?:\.json)?$/, { tools: ['eslint'], convention: 'eslint', format: 'json' }],
  [/^\.eslintrc\.ya?ml$/, { tools: ['eslint'], convention: 'eslint', format: 'yaml' }],
  [new RegExp(`^(?:\\.eslintrc|eslint\\.config)\\.${CODE}$`), { tools: ['eslint'], convention: 'eslint', format: 'code' }],
  [/^\.babelrc(?:\.json)?$|^babel\.config\.json$/, { tools: ['@babel/core'], convention: 'babel', format: 'json' }],
  [new RegExp(`^(?:\\.babelrc|babel\\.config)\\.${CODE}$`), { tools: ['@babel/core'], convention: 'babel', format: 'code' }],
  [/^jest\.config\.json$/, { tools: ['jest'], convention: 'jest', format: 'json' }],
  [new RegExp(`^jest\\.(?:config|preset)\\.${CODE}$`), { tools: ['jest'], convention: 'jest', format: 'code' }],
  [/^\.prettierrc(?:\.json5?)?$/, { tools: ['prettier'], convention: 'prettier', format: 'json' }],
  [/^\.prettierrc\.ya?ml$/, { tools: ['prettier'], convention: 'prettier', format: 'yaml' }],
  [new RegExp(`^(?:\\.prettierrc|prettier\\.config)\\.${CODE}$`), { tools: ['prettier'], convention: 'prettier', format: 'code' }],
  [/^\.postcssrc(?:\.json)?$/, { tools: ['postcss'], convention: 'plain', format: 'json' }],
  [new RegExp(`^postcss\\.config\\.${CODE}$`), { tools: ['postcss'], convention: 'plain', format: 'code' }],
  [/^\.mocharc(?:\.json[c5]?)?$/, { tools: ['mocha'], convention: 'plain', format: 'json' }],
  [/^\.mocharc\.ya?ml$/, { tools: ['mocha'], convention: 'plain', format: 'yaml' }],
  [new RegExp(`^\\.mocharc\\.${CODE}$`), { tools: ['mocha'], convention: 'plain', format: 'code' }],
  [/^\.nycrc(?:\.json)?$/, { tools: ['nyc'], convention: 'plain', format: 'json' }],
  [/^\.nycrc\.ya?ml$/, { tools: ['nyc'], convention: 'plain', format: 'yaml' }],
  [new RegExp(`^nyc\\.config\\.${CODE}$`), { tools: ['nyc'], convention: 'plain', format: 'code' }],
  [/^\.c8rc(?:\.json)?$/, { tools: ['c8'], convention: 'plain', format: 'json' }],
  [/^nodemon\.json$/, { tools: ['nodemon'], convention: 'plain', format: 'json' }],
  [/^\.lintstagedrc(?:\.json)?$/, { tools: ['lint-staged'], convention: 'plain', format: 'json', commands: true }],
  [/^\.lintstagedrc\.ya?ml$/, { tools: ['lint-staged'], convention: 'plain', format: 'yaml', commands: true }],
  [new RegExp(`^(?:\\.lintstagedrc|lint-staged\\.config)\\.${CODE}$`), { tools: ['lint-staged'], convention: 'plain', format: 'code', commands: true }],
  [/^\.simple-git-hooks(?:\.json)?$|^simple-git-hooks\.json$/, { tools: ['simple-git-hooks'], convention: 'plain', format: 'json', commands: true }],
  [new RegExp(`^\\.?simple-git-hooks\\.${CODE}$`), { tools: ['simple-git-hooks'], convention: 'plain', format: 'code', commands: true }],
  [/^\.huskyrc(?:\.json)?$/, { tools: ['husky'], convention: 'plain', format: 'json', commands: true }],
  [/^\.commitlintrc(?:\.json)?$/, { tools: ['@commitlint/cli'], convention: 'plain', format: 'json' }],
  [/^\.commitlintrc\.ya?ml$/, { tools: ['@commitlint/cli'], convention: 'plain', format: 'yaml' }],
  [new RegExp(`^(?:\\.commitlintrc|commitlint\\.config)\\.${CODE}$`), { tools: ['@commitlint/cli'], convention: 'plain', format: 'code' }],
  [new RegExp(`^vitest\\.(?:config|workspace)\\.${CODE}$`), { tools: ['vitest'], convention: 'plain', format: 'code' }],
  [new RegExp(`^vite\\.config\\.${CODE}$`), { tools: ['vite'], convention: 'plain', format: 'code' }],
  [new RegExp(`^webpack(?:\\..+)?\\.config\\.${CODE}$|^webpack\\.config\\.${CODE}$`), { tools: ['webpack'], convention: 'plain', format: 'code' }],
  [new RegExp(`^rollup\\.config\\.${CODE}$`), { tools: ['rollup'], convention: 'plain', format: 'code' }],
  [new RegExp(`^tsup\\.config\\.${CODE}$`), { tools: ['tsup'], convention: 'plain', format: 'code' }],
  [/^\.swcrc$/, { tools: ['@swc/core'], convention: 'plain', format: 'json' }],
  [/^nest-cli\.json$/, { tools: ['@nestjs/cli'], convention: 'plain', format: 'json' }],
  [/^nx\.json$|^project\.json$/, { tools: ['nx'], convention: 'plain', format: 'json' }],
  [/^angular\.json$/, { tools: ['@angular/cli'], convention: 'plain', format: 'json' }],
  [/^\.releaserc(?:\.json)?$/, { tools: ['semantic-release'], convention: 'plain', format: 'json' }],
  [/^\.releaserc\.ya?ml$/, { tools: ['semantic-release'], convention: 'plain', format: 'yaml' }],
  [new RegExp(`^(?:\\.releaserc|release\\.config)\\.${CODE}$`), { tools: ['semantic-release'], convention: 'plain', format: 'code' }],
  [/^typedoc\.json$/, { tools: ['typedoc'], convention: 'plain', format: 'json' }],
  [/^\.stylelintrc(?:\.json)?$/, { tools: ['stylelint'], convention: 'plain', format: 'json' }],
  [new RegExp(`^(?:\\.stylelintrc|stylelint\\.config)\\.${CODE}$`), { tools: ['stylelint'], convention: 'plain', format: 'code' }],
  [new RegExp(`^cypress\\.config\\.${CODE}$`), { tools: ['cypress'], convention: 'plain', format: 'code' }],
  [/^cypress\.json$/, { tools: ['cypress'], convention: 'plain', format: 'json' }],
  [new RegExp(`^playwright\\.config\\.${CODE}$`), { tools: ['@playwright/test'], convention: 'plain', format: 'code' }],
  [new RegExp(`^knexfile\\.${CODE}$`), { tools: ['knex'], convention: 'plain', format: 'code' }],
  [/^ormconfig\.json$/, { tools: ['typeorm'], convention: 'plain', format: 'json' }],
  [new RegExp(`^ormconfig\\.${CODE}$`), { tools: ['typeorm'], convention: 'plain', format: 'code' }],
  [/^\.sequelizerc$/, { tools: ['sequelize-cli'], convention: 'plain', format: 'code' }],
  [/^ecosystem\.config\.(?:js|cjs|json)$|^pm2\.json$/, { tools: ['pm2'], convention: 'plain', format: 'code' }],
  [/^\.czrc$/, { tools: ['commitizen'], convention: 'plain', format: 'json' }],
  [/^\.markdownlint(?:-cli2)?\.jsonc?$/, { tools: ['markdownlint-cli', 'markdownlint-cli2'], convention: 'plain', format: 'json' }],
  [/^\.ncurc(?:\.json)?$/, { tools: ['npm-check-updates'], convention: 'plain', format: 'json' }],
  [/^biome\.jsonc?$/, { tools: ['@biomejs/biome'], convention: 'plain', format: 'json' }],
  [/^\.?knip\.jsonc?$/, { tools: ['knip'], convention: 'plain', format: 'json' }],
  [/^\.c8rc\.ya?ml$/, { tools: ['c8'], convention: 'plain', format: 'yaml' }],
  [/^openapitools\.json$/, { tools: ['@openapitools/openapi-generator-cli'], convention: 'plain', format: 'json' }],
];

/** The kind of configuration a file name is, or undefined. */
export function configKind(fileName: string): ConfigKind | undefined {
  for (const [pattern, kind] of TABLE) if (pattern.test(fileName)) return kind;
  return undefined;
}

/** package.json keys that hold a tool's configuration. */
export const PACKAGE_JSON_CONFIG_KEYS: Readonly<Record<string, ConfigKind>> = {
  jest: { tools: ['jest'], convention: 'jest', format: 'json' },
  babel: { tools: ['@babel/core'], convention: 'babel', format: 'json' },
  eslintConfig: { tools: ['eslint'], convention: 'eslint', format: 'json' },
  prettier: { tools: ['prettier'], convention: 'prettier', format: 'json' },
  mocha: { tools: ['mocha'], convention: 'plain', format: 'json' },
  nyc: { tools: ['nyc'], convention: 'plain', format: 'json' },
  c8: { tools: ['c8'], convention: 'plain', format: 'json' },
  ava: { tools: ['ava'], convention: 'plain', format: 'json' },
  xo: { tools: ['xo'], convention: 'eslint', format: 'json' },
  stylelint: { tools: ['stylelint'], convention: 'plain', format: 'json' },
  commitlint: { tools: ['@commitlint/cli'], convention: 'plain', format: 'json' },
  release: { tools: ['semantic-release'], convention: 'plain', format: 'json' },
  nodemonConfig: { tools: ['nodemon'], convention: 'plain', format: 'json' },
  'ts-node': { tools: ['ts-node'], convention: 'plain', format: 'json' },
  config: { tools: [], convention: 'plain', format: 'json' },
  'lint-staged': { tools: ['lint-staged'], convention: 'plain', format: 'json', commands: true },
  'simple-git-hooks': { tools: ['simple-git-hooks'], convention: 'plain', format: 'json', commands: true },
  husky: { tools: ['husky'], convention: 'plain', format: 'json', commands: true },
  browserslist: { tools: [], convention: 'plain', format: 'json' },
};

/**
 * The package names one string of a configuration may stand for: itself (or
 * the package of a deep path, `ts-jest/presets/default`), the package of an
 * executor or builder (`@nx/jest:jest`), and the tool's shorthand.
 */
export function candidateNames(value: string, convention: NameConvention): string[] {
  const text = value.trim();
  if (text.length === 0 || text.length > 214 || /\s/.test(text)) return [];
  const names = new Set<string>();
  const addPackageOf = (specifier: string): void => {
    if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
    if (name) names.add(name);
  };
  const executor = /^(@?[\w.-]+(?:\/[\w.-]+)?):[\w-]+$/.exec(text);
  if (executor?.[1]) addPackageOf(executor[1]);
  if (text.startsWith('module:')) addPackageOf(text.slice('module:'.length));
  addPackageOf(text);
  // `node_modules/x/…` and `<rootDir>/node_modules/x` paths.
  const inModules = /node_modules\/((?:@[\w.-]+\/)?[\w.-]+)/.exec(text);
  if (inModules?.[1]) names.add(inModules[1]);
  switch (convention) {
    case 'eslint':
      // `plugin:import/errors` → eslint-plugin-import; `plugin:@typescript-eslint/recommended` → @typescript-eslint/eslint-plugin.
      if (text.startsWith('plugin:')) {
        const plugin = text.slice('plugin:'.length, text.lastIndexOf('/') > 'plugin:'.length ? text.lastIndexOf('/') : undefined);
        for (const name of shorthand(plugin, ['eslint-plugin'])) names.add(name);
      } else {
        for (const name of shorthand(text, ['eslint-plugin', 'eslint-config'])) names.add(name);
      }
      break;
    case 'babel':
      for (const name of shorthand(text, ['babel-preset', 'babel-plugin'])) names.add(name);
      // `@babel/env` → `@babel/preset-env`, `@babel/transform-runtime` → `@babel/plugin-transform-runtime`.
      if (text.startsWith('@babel/')) for (const prefix of ['preset-', 'plugin-']) names.add(`@babel/${prefix}${text.slice('@babel/'.length)}`);
      break;
    case 'prettier':
      for (const name of shorthand(text, ['prettier-plugin', 'prettier-config'])) names.add(name);
      break;
    case 'jest':
      for (const name of shorthand(text, ['jest-environment', 'jest-runner', 'jest-preset', 'jest-watch'])) names.add(name);
      break;
    case 'plain':
      break;
  }
  return [...names];
}

/**
 * eslint's and babel's name normalisation: `x` → `prefix-x`; `@scope` →
 * `@scope/prefix`; `@scope/x` → `@scope/prefix-x`.
 */
function shorthand(text: string, prefixes: readonly string[]): string[] {
  if (!/^(?:@[\w.-]+(?:\/[\w.-]+)?|[\w.-]+)$/.test(text)) return [];
  return prefixes.flatMap((prefix) => {
    if (text.startsWith(`${prefix}-`) || text.includes(`/${prefix}`)) return [text];
    if (!text.startsWith('@')) return [`${prefix}-${text}`];
    const [scope, rest] = text.split('/');
    return rest === undefined ? [`${scope}/${prefix}`] : [`${scope}/${prefix}-${rest}`];
  });
}
