import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of DESIGN.md, checked on the import graph:
 * `analysis/` and `experiments/` are pure (nothing from `server/`), only
 * `server/store/` talks to a database driver, and only the assignment module
 * uses the GrowthBook SDK. The rules hold for the application's sources;
 * tests may use a driver or the SDK directly to check the application.
 */

interface SourceFile {
  /** Path from the repository root, with forward slashes: `server/app.ts`. */
  path: string;
  text: string;
}

interface ModuleReference {
  specifier: string | null;
  line: number;
  kind: 'import' | 'export-from' | 'import()' | 'require()';
}

const databaseDrivers = ['better-sqlite3', 'pg', 'pg-cursor'];
const growthBookSdk = '@growthbook/growthbook';
const onlyGrowthBookUser = 'server/assignment/assign-arm.ts';

/** Every module a file refers to: import and export-from (type-only too), import() and require(); null when not a literal. */
function moduleReferences(file: SourceFile): ModuleReference[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, file.path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const references: ModuleReference[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const literal = (node: ts.Node | undefined) => (node && ts.isStringLiteralLike(node) ? node.text : null);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) references.push({ specifier: literal(node.moduleSpecifier), line: lineOf(node), kind: 'import' });
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) references.push({ specifier: literal(node.moduleSpecifier), line: lineOf(node), kind: 'export-from' });
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      references.push({ specifier: literal(node.moduleReference.expression), line: lineOf(node), kind: 'require()' });
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) references.push({ specifier: literal(node.arguments[0]), line: lineOf(node), kind: 'import()' });
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') references.push({ specifier: literal(node.arguments[0]), line: lineOf(node), kind: 'require()' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      references.push({ specifier: literal(node.argument.literal), line: lineOf(node), kind: 'import()' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return references;
}

/** The package a bare specifier names: `pg/lib/client` → `pg`, `@scope/name/x` → `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Every broken rule in `files`, one line each (`file:line: what`).
 *
 * @example
 * architectureViolations([{ path: 'analysis/x.ts', text: "import { store } from '../server/store';" }]);
 * // => ['analysis/x.ts:1: imports ../server/store (server/store), but analysis/ must not depend on server/']
 */
function architectureViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const pure = file.path.startsWith('analysis/') || file.path.startsWith('experiments/');
    for (const reference of moduleReferences(file)) {
      const where = `${file.path}:${reference.line}`;
      if (reference.specifier === null) {
        if (pure) violations.push(`${where}: ${reference.kind} of a computed name cannot be checked; a pure module names what it imports`);
        continue;
      }
      const { specifier } = reference;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = normalize(join(dirname(file.path), specifier)).replaceAll('\\', '/');
        if (pure && (target === 'server' || target.startsWith('server/'))) {
          violations.push(`${where}: imports ${specifier} (${target}), but ${file.path.split('/')[0]}/ must not depend on server/`);
        }
        continue;
      }
      const name = packageOf(specifier.replace(/^node:/, ''));
      if (databaseDrivers.includes(name) && !file.path.startsWith('server/store/')) {
        violations.push(`${where}: imports the database driver ${name}; only server/store/ may`);
      }
      if (name === growthBookSdk && file.path !== onlyGrowthBookUser) {
        violations.push(`${where}: imports the GrowthBook SDK; only ${onlyGrowthBookUser} may`);
      }
    }
  }
  return violations;
}

const root = new URL('..', import.meta.url).pathname;

function applicationSources(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of ['server', 'experiments', 'analysis']) walk(folder);
  return files;
}

describe('architecture', () => {
  it('keeps analysis/ and experiments/ free of server/, database drivers in server/store/ and the GrowthBook SDK in the assignment module', () => {
    const files = applicationSources();
    expect(files.filter((file) => file.path.startsWith('analysis/')).length).toBeGreaterThan(10);
    expect(files.some((file) => file.path === onlyGrowthBookUser)).toBe(true);
    expect(architectureViolations(files)).toEqual([]);
  }, 60_000);

  it('sees the imports it has to see in the real code (so an empty list above means something)', () => {
    const references = applicationSources().flatMap((file) => moduleReferences(file).map((reference) => ({ file: file.path, ...reference })));
    expect(references.some((reference) => reference.file === onlyGrowthBookUser && reference.specifier === growthBookSdk)).toBe(true);
    expect(references.some((reference) => reference.file.startsWith('server/store/') && reference.specifier === 'better-sqlite3')).toBe(true);
    expect(references.some((reference) => reference.kind === 'import()' && reference.file === 'server/cli/main.ts')).toBe(true);
  }, 60_000);

  it('catches each kind of planted violation, naming file and line', () => {
    const planted: SourceFile[] = [
      { path: 'analysis/welch.ts', text: "import { mean } from './mean';\nimport { logger } from '../server/logger';\n" },
      { path: 'experiments/templates/anchor/screen.ts', text: "export { store } from '../../../server/store/open-store';\n" },
      { path: 'analysis/lazy.ts', text: "/* import x from '../server/a' is only a comment */\nexport const load = () => import('../server/app');\n" },
      { path: 'experiments/dynamic.ts', text: "const name = 'x';\nexport const load = () => import(name);\n" },
      { path: 'analysis/typed.ts', text: "import type { Store } from '../server/store/store';\n" },
      { path: 'server/results/results-routes.ts', text: "import Database from 'better-sqlite3';\nimport { Cursor } from 'pg-cursor';\nconst pg = await import('pg');\n" },
      { path: 'server/api/features.ts', text: "import { GrowthBook } from '@growthbook/growthbook';\n" },
      { path: 'experiments/old-style.ts', text: "import sdk = require('@growthbook/growthbook');\n" },
      { path: 'server/store/sqlite-store.ts', text: "import Database from 'better-sqlite3';\nimport pg from 'pg';\n" },
      { path: 'server/assignment/assign-arm.ts', text: "import { GrowthBookClient } from '@growthbook/growthbook';\n" },
      { path: 'server/app.ts', text: "import { welchTTest } from '../analysis/welch-t-test';\nconst text = \"import x from 'pg'\";\n" },
    ];
    expect(architectureViolations(planted)).toEqual([
      'analysis/welch.ts:2: imports ../server/logger (server/logger), but analysis/ must not depend on server/',
      'experiments/templates/anchor/screen.ts:1: imports ../../../server/store/open-store (server/store/open-store), but experiments/ must not depend on server/',
      'analysis/lazy.ts:2: imports ../server/app (server/app), but analysis/ must not depend on server/',
      'experiments/dynamic.ts:2: import() of a computed name cannot be checked; a pure module names what it imports',
      'analysis/typed.ts:1: imports ../server/store/store (server/store/store), but analysis/ must not depend on server/',
      'server/results/results-routes.ts:1: imports the database driver better-sqlite3; only server/store/ may',
      'server/results/results-routes.ts:2: imports the database driver pg-cursor; only server/store/ may',
      'server/results/results-routes.ts:3: imports the database driver pg; only server/store/ may',
      'server/api/features.ts:1: imports the GrowthBook SDK; only server/assignment/assign-arm.ts may',
      'experiments/old-style.ts:1: imports the GrowthBook SDK; only server/assignment/assign-arm.ts may',
    ]);
  });
});
