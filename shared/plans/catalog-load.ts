import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogFileSchema, resolveCatalog, type Catalog } from './catalog-schema';
import { JsonSyntaxError, parseJsonWithLines, pathKey, positionOf } from './json-with-lines';

/** One catalog file's name (`v2.json`) and text. */
export interface CatalogFileText {
  name: string;
  text: string;
}

/** One thing wrong with a catalog, where it is. */
export interface CatalogProblem {
  file: string;
  line: number;
  column: number;
  /** The dotted path of the entry (`plans.1.metrics.minutes`); empty for the whole file. */
  path: string;
  message: string;
}

export class CatalogError extends Error {
  constructor(readonly problems: CatalogProblem[]) {
    super(`The plan catalog is invalid:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'CatalogError';
  }
}

export function formatProblem(p: CatalogProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

const FILE_NAME = /^v([1-9]\d*)\.json$/;

/** Parses and validates one file: its catalog, or every problem with its line. */
export function parseCatalogFile(file: CatalogFileText): { catalog: Catalog; problems?: undefined } | { catalog?: undefined; problems: CatalogProblem[] } {
  let parsed;
  try {
    parsed = parseJsonWithLines(file.text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { problems: [{ file: file.name, ...error.position, path: '', message: `not valid JSON: ${error.message}` }] };
  }
  const result = catalogFileSchema.safeParse(parsed.value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const at = positionOf(parsed, issue.path) ?? { line: 1, column: 1 };
      return { file: file.name, line: at.line, column: at.column, path: pathKey(issue.path), message: issue.message };
    });
    return { problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const named = FILE_NAME.exec(path.basename(file.name));
  if (named && Number(named[1]) !== result.data.version) {
    const at = parsed.positions.get('version') ?? { line: 1, column: 1 };
    return { problems: [{ file: file.name, ...at, path: 'version', message: `version ${result.data.version} does not match the file name (expected ${named[1]})` }] };
  }
  return { catalog: resolveCatalog(result.data) };
}

/** Every version of the catalog, by version, and the newest (the one new subscriptions get). */
export interface CatalogSet {
  current: Catalog;
  versions: Map<number, Catalog>;
}

/** Validates every file and returns the set, or throws a CatalogError that lists every problem with its line. */
export function loadCatalogSet(files: CatalogFileText[]): CatalogSet {
  const problems: CatalogProblem[] = [];
  const versions = new Map<number, Catalog>();
  if (files.length === 0) problems.push({ file: '(catalog)', line: 1, column: 1, path: '', message: 'no catalog file (expected v1.json, v2.json, ... in the catalog directory)' });
  for (const file of files) {
    if (!FILE_NAME.test(path.basename(file.name))) {
      problems.push({ file: file.name, line: 1, column: 1, path: '', message: 'a catalog file is named v<version>.json' });
      continue;
    }
    const result = parseCatalogFile(file);
    if (result.problems) problems.push(...result.problems);
    else versions.set(result.catalog.version, result.catalog);
  }
  if (problems.length) throw new CatalogError(problems);
  const current = versions.get(Math.max(...versions.keys()))!;
  return { current, versions };
}

/** The catalog files of a directory (`v<n>.json`; other files, such as a JSON Schema, are ignored). */
export function readCatalogDir(dir: string): CatalogFileText[] {
  return readdirSync(dir)
    .filter((name) => /^v\d+\.json$/.test(name))
    .sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)))
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

/** The repository's catalog directory, or ARGUS_CATALOG_DIR (a fixture catalog, another team's plans). */
export function catalogDir(): string {
  const configured = process.env.ARGUS_CATALOG_DIR;
  return configured ? path.resolve(configured) : path.resolve(__dirname, '..', '..', 'catalog');
}
