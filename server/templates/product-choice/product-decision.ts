import { z } from 'zod';
import type { FieldProblem } from '../server-screen-template';

const productFormSchema = z.object({ product: z.string().max(64).optional() });

export type ProductDecisionResult = { ok: true; values: { product: string } } | { ok: false; problems: FieldProblem[] };

/**
 * Validates a submitted product-choice screen: exactly one of the offered
 * product keys.
 *
 * @example
 * productDecision({ product: 'fixed' }, ['fixed', 'revolving']); // => { ok: true, values: { product: 'fixed' } }
 */
export function productDecision(body: unknown, productKeys: readonly string[]): ProductDecisionResult {
  const parsed = productFormSchema.safeParse(body ?? {});
  const product = parsed.success ? parsed.data.product : undefined;
  if (product === undefined || !productKeys.includes(product)) {
    return { ok: false, problems: [{ field: 'product', messageKey: 'error.product.missing' }] };
  }
  return { ok: true, values: { product } };
}
