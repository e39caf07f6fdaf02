/**
 * The probability and analysis facts the obligations take as axioms (proofs-notes §12.4), each
 * stated once with its source. An obligation that uses one names it and carries its instance among
 * its premises; the solver checks only how the instances are combined.
 *
 * @module
 */
import { type Expr, mul } from '../exact/expression.ts'
import { type AxiomName, type Prop, eq } from './proposition.ts'

/** An axiom: its statement and where it is proved. */
export interface Axiom {
  /** The name obligations cite. */
  readonly name: AxiomName
  /** The statement, in the notes' notation. */
  readonly statement: string
  /** The source. */
  readonly source: string
}

/** Every axiom the obligations may cite. */
export const AXIOMS: readonly Axiom[] = [
  {
    name: 'hoeffding',
    statement:
      'For i.i.d. X_1..X_m in [a, a + R] with mean μ and t ≥ 0: P(S_m − mμ ≤ −t) ≤ exp(−2t²/(mR²)), and two-sided P(|S_m/m − μ| > t) ≤ 2·exp(−2mt²/R²).',
    source: 'W. Hoeffding, "Probability inequalities for sums of bounded random variables", JASA 58 (1963), Theorem 2.',
  },
  {
    name: 'azuma-hoeffding',
    statement: 'For a martingale M_j with increments in intervals of length R and t ≥ 0: P(max_{j ≤ m} M_j ≥ t) ≤ exp(−2t²/(mR²)).',
    source:
      'K. Azuma, "Weighted sums of certain dependent random variables", Tôhoku Math. J. 19 (1967); maximal form via Doob, e.g. C. McDiarmid, "Concentration" (1998), Theorem 3.10.',
  },
  {
    name: 'union-bound',
    statement: 'P(E_1 ∪ … ∪ E_k) ≤ P(E_1) + … + P(E_k).',
    source: 'Boole’s inequality (countable subadditivity of a measure).',
  },
  {
    name: 'optional-stopping',
    statement: 'A martingale M stopped at a bounded stopping time N has E[M_N] = E[M_0] = 0.',
    source: 'Doob’s optional stopping theorem, e.g. D. Williams, "Probability with Martingales" (1991), Theorem 10.10(a).',
  },
  {
    name: 'total-expectation',
    statement:
      'For an event E with P(E) ≤ p, X ≤ b on the complement of E and X ≤ X_max everywhere (b ≤ X_max): E[X] ≤ b + p·(X_max − b) ≤ b + p·X_max when b ≥ 0; in the encoding, E[X] = (1 − P(E))·E[X | not E] + P(E)·E[X | E].',
    source: 'The law of total expectation, e.g. Williams (1991), §9.7.',
  },
  {
    name: 'expectation-monotone',
    statement: 'X ≤ Y on every path implies E[X] ≤ E[Y]; expectation is linear.',
    source: 'Monotonicity and linearity of the Lebesgue integral.',
  },
  {
    name: 'exp-of-ln',
    statement: 'exp(−ln x) = 1/x for x > 0 (and exp(−y) is what the Hoeffding bound evaluates).',
    source: 'exp and ln are inverse functions.',
  },
  {
    name: 'ln-monotone',
    statement: 'ln is increasing on (0, ∞), ln(xy) = ln x + ln y, ln 2 > 0.',
    source: 'Properties of the natural logarithm.',
  },
  {
    name: 'induction',
    statement: 'If P(0) and P(k) ⇒ P(k + 1) for every natural k, then P(k) for every natural k.',
    source: 'The induction axiom of the natural numbers.',
  },
]

/**
 * The instance of `exp-of-ln` for a logarithm formula `ln x`: `w = exp(−ln x)` is stated as
 * `w·x = 1`, with `x` read from the formula itself, so that changing the code's logarithm changes
 * the premise. Throws `RangeError` if `logarithm` is not a `ln` node (possibly named).
 */
export const expOfMinusLn = (w: Expr, logarithm: Expr): Prop => {
  const node = logarithm.op === 'named' ? logarithm.body : logarithm
  if (node.op !== 'ln') throw new RangeError('exp-of-ln: expected a logarithm formula')
  return eq(mul(w, node.arg), 1)
}
