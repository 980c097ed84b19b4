import path from 'node:path';
// catalog-load only: loading shared/plans/catalog would throw on the very catalog this command reports on.
import { CatalogError, catalogDir, formatProblem, loadCatalogSet, readCatalogDir } from '../../shared/plans/catalog-load';
import { UsageError, type CliCommand } from '../command';

export const catalogCheck: CliCommand = {
  name: 'catalog check',
  summary: 'validate the plan catalog files (every version) and name the line of each problem',
  usage: '[--dir <catalog directory>]',
  options: { dir: { type: 'string', help: 'the catalog directory (default: ARGUS_CATALOG_DIR, else catalog/ of the repository)' } },
  examples: ['npx argus catalog check', 'npx argus catalog check --dir ./my-plans --json'],
  async run({ positionals, values }) {
    if (positionals.length) throw new UsageError('catalog check takes no arguments (use --dir)');
    const dir = typeof values.dir === 'string' ? path.resolve(values.dir) : catalogDir();
    let files;
    try {
      files = readCatalogDir(dir);
    } catch (error) {
      throw new Error(`cannot read the catalog directory ${dir}: ${(error as Error).message}`);
    }
    try {
      const { current, versions } = loadCatalogSet(files);
      const summary = {
        ok: true,
        dir,
        versions: [...versions.keys()].sort((a, b) => a - b),
        currentVersion: current.version,
        metrics: current.metrics.map((m) => m.id),
        features: current.features,
        plans: current.plans.map((p) => p.id),
        creditPacks: current.creditPacks.map((p) => p.id),
      };
      return {
        json: summary,
        text:
          `Catalog OK (${dir}): versions ${summary.versions.join(', ')}, current ${current.version}\n` +
          `  metrics: ${summary.metrics.join(', ')}\n  features: ${summary.features.join(', ')}\n  plans: ${summary.plans.join(', ')}\n  credit packs: ${summary.creditPacks.join(', ') || '(none)'}`,
      };
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      const problems = error.problems.map((p) => ({ ...p, file: path.join(dir, p.file) }));
      return {
        json: { ok: false, dir, problems },
        text: `Catalog invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`,
        exitCode: 1,
      };
    }
  },
};
