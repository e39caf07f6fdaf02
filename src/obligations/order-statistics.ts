/**
 * Order statistics of three values as formulas (`max`/`min` trees), for the obligations that state
 * sorting facts for `n = 3` (proofs-notes §12.8 says why general `n` stays prose).
 *
 * @module
 */
import { type Expr, max, min } from '../exact/expression.ts'

/** The largest of three values. */
export const largestOf3 = (a: Expr, b: Expr, c: Expr): Expr => max(max(a, b), c)

/** The second largest of three values: `max(min(a, b), min(max(a, b), c))`. */
export const secondOf3 = (a: Expr, b: Expr, c: Expr): Expr => max(min(a, b), min(max(a, b), c))
