#!/usr/bin/env node
// Compiles server/, experiments/ and analysis/ (as listed by tsconfig.build.json)
// to plain JavaScript under dist/, which `npm start` and the `nudgelab` command run.
//
// Why not bare `tsc`: the sources import each other without extensions
// (`./app`), which Node's ES module loader does not resolve. Each file is
// transpiled on its own (the sources use verbatimModuleSyntax, so that is
// exact) and every relative specifier gets its real file name (`./app.js`,
// `./store/index.js`). Type checking stays `tsc --noEmit` (npm test).
// Only files whose output is missing or older than the source are compiled, and each
// is written whole (rename), so runs side by side are harmless.
// Each build leaves a stamp (dist/.build-stamp.json: the sources' names and when the
// build began), so that the `nudgelab` command can tell cheaply that dist/ is current
// (distIsUpToDate) and start without this module's full check.
//
// Usage: node .ci/compile-to-dist.mjs   (npm's `prepare` and `build`; vitest's global setup)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stampPath = join(root, 'dist', '.build-stamp.json');
/**
 * How far before a build's start its stamp is dated: a file system's coarse
 * clock may date an edit made just after the build read the file a few
 * milliseconds earlier than the build began. Such a file is merely checked once more.
 */
const stampSafetyMarginMs = 2_000;

/**
 * The relative module specifier as Node must see it: `./app` → `./app.js`,
 * `./store` → `./store/index.js`; anything else is left alone.
 *
 * @example
 * withJavaScriptExtension('./app', '/repo/server/main.ts'); // => './app.js'
 * @throws Error when the specifier names no source file.
 */
export function withJavaScriptExtension(specifier, importingFile) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  const target = resolve(dirname(importingFile), specifier);
  if (/\.(m?js|json)$/.test(specifier) && existsSync(target)) return specifier;
  if (specifier.endsWith('.ts') && existsSync(target)) return specifier.replace(/\.ts$/, '.js');
  if (existsSync(`${target}.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.ts'))) return `${specifier}/index.js`;
  throw new Error(`${relative(root, importingFile)}: cannot resolve import "${specifier}"`);
}

/** A transformer that gives every relative import, export-from and import() its file name. */
function relativeSpecifierRewriter(ts, importingFile) {
  return (context) => {
    const { factory } = context;
    const rewrite = (literal) => factory.createStringLiteral(withJavaScriptExtension(literal.text, importingFile));
    const visit = (node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        return factory.updateImportDeclaration(node, node.modifiers, node.importClause, rewrite(node.moduleSpecifier), node.attributes);
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        return factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, rewrite(node.moduleSpecifier), node.attributes);
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
        return factory.updateCallExpression(node, node.expression, node.typeArguments, [rewrite(node.arguments[0]), ...node.arguments.slice(1)]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sourceFile) => ts.visitNode(sourceFile, visit);
  };
}

/** Writes beside, then renames: a server or test starting meanwhile never reads half a file. */
function writeWhole(target, text) {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}

/** Every .ts file (not .d.ts) under the folders tsconfig.build.json includes. */
function sourceFiles(include) {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const folder of include) walk(join(root, folder));
  return files.sort();
}

/** The folders tsconfig.build.json includes (server, experiments, analysis). */
function includedFolders() {
  return JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).include;
}

/**
 * Whether dist/ holds the build of the sources as they are, decided cheaply
 * from the stamp the last build left: in a git checkout, when no source was
 * added, removed or changed since that build began (the sources' names and
 * times only, no output is opened); in an installed copy (no .git), whose
 * sources change only by a new install that builds again, when the stamp is
 * there. False sends the caller to compileToDist, the full check.
 *
 * @example
 * distIsUpToDate(); // => true right after `npm run build`; false once a source is edited
 */
export function distIsUpToDate() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return false;
  }
  if (!existsSync(join(root, '.git'))) return true;
  const files = sourceFiles(includedFolders()).map((file) => relative(root, file));
  if (files.length !== stamp.sources.length || files.some((file, index) => file !== stamp.sources[index])) return false;
  for (const file of [...files, 'tsconfig.build.json', 'tsconfig.json']) {
    if (statSync(join(root, file)).mtimeMs >= stamp.builtAtMs) return false;
  }
  return true;
}

/**
 * Compiles the sources named by tsconfig.build.json into dist/ and returns
 * how many files there are and how many were compiled: only sources newer
 * than their output, so a run with nothing changed takes a few milliseconds
 * (TypeScript is loaded only when needed). When a source was added or
 * removed, every file is compiled, since an unchanged file's import (`./x`)
 * may now name another file (`./x/index.js`); outputs without a source are deleted.
 *
 * @example
 * compileToDist(); // => { files: 146, compiled: 3, deleted: 0 }
 * @throws Error when tsconfig.build.json is invalid, a file does not parse, or an import names no file.
 */
export async function compileToDist() {
  // Dated before any source is read: an edit made during the build makes the next check compile again.
  const builtAtMs = Date.now() - stampSafetyMarginMs;
  const configPath = join(root, 'tsconfig.build.json');
  const buildConfig = JSON.parse(readFileSync(configPath, 'utf8'));
  const outDir = join(root, buildConfig.compilerOptions.outDir);
  const files = sourceFiles(buildConfig.include);
  const outputOf = (sourceFile) => join(outDir, relative(root, sourceFile)).replace(/\.ts$/, '.js');
  const expected = new Set(files.map(outputOf));
  let deleted = 0;
  const prune = (folder) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) prune(path);
      else if (entry.name.endsWith('.js') && !expected.has(path)) {
        rmSync(path);
        deleted += 1;
      }
    }
  };
  prune(outDir);
  const sourceSetChanged = deleted > 0 || files.some((sourceFile) => !existsSync(outputOf(sourceFile)));
  const stale = sourceSetChanged ? files : files.filter((sourceFile) => statSync(outputOf(sourceFile)).mtimeMs < statSync(sourceFile).mtimeMs);
  if (stale.length > 0) {
    const { default: ts } = await import('typescript');
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
    if (parsed.errors.length > 0) throw new Error(parsed.errors.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')).join('\n'));
    for (const sourceFile of stale) {
      const output = ts.transpileModule(readFileSync(sourceFile, 'utf8'), {
        compilerOptions: { ...parsed.options, noEmit: false, declaration: false, sourceMap: false },
        fileName: sourceFile,
        reportDiagnostics: true,
        transformers: { after: [relativeSpecifierRewriter(ts, sourceFile)] },
      });
      const syntaxErrors = (output.diagnostics ?? []).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
      if (syntaxErrors.length > 0) {
        throw new Error(`${relative(root, sourceFile)}: ${ts.flattenDiagnosticMessageText(syntaxErrors[0].messageText, '\n')}`);
      }
      writeWhole(outputOf(sourceFile), output.outputText);
    }
  }
  writeWhole(stampPath, JSON.stringify({ builtAtMs, sources: files.map((file) => relative(root, file)) }));
  return { files: files.length, compiled: stale.length, deleted };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { files, compiled, deleted } = await compileToDist();
    process.stdout.write(`dist/: ${compiled} of ${files} files compiled${deleted ? `, ${deleted} without a source deleted` : ''}\n`);
  } catch (error) {
    process.stderr.write(`compile-to-dist: ${error.message}\n`);
    process.exitCode = 1;
  }
}
