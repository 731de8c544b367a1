import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentDefinitionError } from '../../experiments/experiment-definition-error';
import type { Experiment } from '../../experiments/validate-experiments';
import { projectRoot } from '../project-root';

/**
 * Refuses to start when an experiment's lender logo is not among the app's
 * static files, naming the file and the path — a broken image in front of
 * every participant would otherwise only show once the study runs. (The
 * schema, which is pure, checks the path's form; this checks the file.)
 *
 * @example
 * checkBrandLogos(context.experiments); // throws "experiments/x.ts: lenderBrand.logo: /static/brands/x.svg is not a file in views/static/"
 */
export function checkBrandLogos(experiments: ReadonlyMap<string, Experiment>, staticDirectory = join(projectRoot, 'views', 'static')): void {
  for (const { file, definition } of experiments.values()) {
    const logo = definition.lenderBrand?.logo;
    if (logo && !existsSync(join(staticDirectory, logo.slice('/static/'.length)))) {
      throw new ExperimentDefinitionError(file, [`lenderBrand.logo: ${logo} is not a file in views/static/`]);
    }
  }
}
