/**
 * §14 (a robust second-best guarantee): the deterministic steps of Lemma 14.1, Proposition 14.2 and the
 * assembly of Theorem 4, as obligations. The probabilistic steps (the coupling, optional stopping, the
 * failure events) are those of §6–§7 and stay prose here.
 *
 * @module
 */
import { add, mul, sub, v } from '../exact/expression.ts'
import { type NoteObligations, type Obligation, and, ge, gt, le, or, eq } from './proposition.ts'

const w = v('w')
const delta = v('δ')
const lambda = v('λ')
const gap = v('gap')
const W = v('W')
const X = v('X')
const Wbar = v('W̄')
const Wstar = v('W*')
const beta = v('β')
const a = v('a')
const b = v('b')
const F = v('F')
const harm = v('harm')

/** The programme's premises: δW + X ≤ β, W ∈ [0, W̄], X ≥ 0, b ≥ 0, δ ≥ 0, and the harm's linear bound. */
const programme = [
  ge(delta, 0),
  ge(W, 0),
  le(W, Wbar),
  ge(X, 0),
  ge(b, 0),
  le(add(mul(delta, W), X), beta),
  le(harm, add(F, add(mul(sub(a, delta), W), mul(b, X)))),
]

const obligations: readonly Obligation[] = [
  {
    name: 'lemma-14.1-round',
    statement: 'Lemma 14.1',
    step: 'a round withholding w ≥ 0 with profit gain π(a) − π^h ≤ λw, λ ≤ 1, pays (1 + δ)w − (π(a) − π^h) ≥ (1 + δ − λ)w ≥ δw less',
    premises: [
      ge(w, 0),
      le(v('π(a) − π^h'), mul(lambda, w)),
      le(lambda, 1),
      ge(delta, 0),
      eq(gap, sub(mul(add(1, delta), w), v('π(a) − π^h'))),
    ],
    conclusion: and(ge(gap, mul(sub(add(1, delta), lambda), w)), ge(gap, mul(delta, w))),
  },
  {
    name: 'proposition-14.2-strict',
    statement: 'Proposition 14.2',
    step: 'with δ > 0 and W > 0, a gap of at least δW is positive',
    premises: [gt(delta, 0), gt(W, 0), ge(gap, mul(delta, W))],
    conclusion: gt(gap, 0),
  },
  {
    name: 'theorem-4-rent-case',
    statement: 'Theorem 4',
    step: 'when a − δ ≤ bδ the programme is worth at most bβ: (a − δ)W + bX ≤ b(δW + X) ≤ bβ',
    premises: [...programme, le(sub(a, delta), mul(b, delta))],
    conclusion: le(harm, add(F, mul(b, beta))),
  },
  {
    name: 'theorem-4-withholding-case',
    statement: 'Theorem 4',
    step: 'when a − δ > bδ the programme is worth at most (a − δ)W* + b(β − δW*), W* = min(W̄, β/δ) (W̄ when δ = 0)',
    premises: [
      ...programme,
      gt(sub(a, delta), mul(b, delta)),
      le(Wstar, Wbar),
      le(mul(delta, Wstar), beta),
      ge(Wstar, 0),
      or(eq(Wstar, Wbar), eq(mul(delta, Wstar), beta)),
      // δ = 0: W* = W̄ (without it, β = 0 would let W* be anything; the code takes W̄).
      or(gt(delta, 0), eq(Wstar, Wbar)),
    ],
    conclusion: le(harm, add(F, add(mul(sub(a, delta), Wstar), mul(b, sub(beta, mul(delta, Wstar)))))),
  },
]

/** The obligations of proofs-notes §14. */
export const ROBUST: NoteObligations = {
  section: '§14',
  note: 'robust.md',
  statements: ['Lemma 14.1', 'Proposition 14.2', 'Theorem 4', 'Corollary 14.3', 'Proposition 14.4', 'Proposition 14.5', 'Proposition 14.6'],
  obligations,
  controls: [
    {
      name: 'theorem-4-without-rent-channel',
      statement: 'Theorem 4',
      step: 'the programme bounded by its withholding part alone',
      wrong: 'drops the firing channel bX: a deviation that spends its budget on firings exceeds it',
      premises: [...programme, gt(sub(a, delta), mul(b, delta)), le(Wstar, Wbar), le(mul(delta, Wstar), beta), ge(Wstar, 0)],
      conclusion: le(harm, add(F, mul(sub(a, delta), Wstar))),
    },
    {
      name: 'lemma-14.1-slope-above-one',
      statement: 'Lemma 14.1',
      step: 'the round comparison without λ ≤ 1',
      wrong: 'a withholding slope λ > 1 + δ (A fails): the gap can be negative',
      premises: [ge(w, 0), le(v('π(a) − π^h'), mul(lambda, w)), ge(delta, 0), eq(gap, sub(mul(add(1, delta), w), v('π(a) − π^h')))],
      conclusion: ge(gap, 0),
    },
  ],
  prose: [
    {
      statement: 'Lemma 14.1',
      step: 'E[Z_i | B_i] = (1 + δ)B_i and E[B_i] = E[Σ(μ_t − x_lo)]',
      reason: 'the lottery’s exactness and optional stopping (Lemma 1.4)',
    },
    {
      statement: 'Proposition 14.2',
      step: 'the pathwise comparison on noise-free runs',
      reason: 'a property of the engine’s booking, checked by the suite',
    },
    {
      statement: 'Theorem 4',
      step: 'cases (A)–(C) and the failure events',
      reason: 'coupling, Lemmas 6.3–6.5 and 7.3: the probabilistic steps of §6–§7',
    },
    { statement: 'Corollary 14.3', step: 'the whole corollary', reason: 'the programme evaluated at [win_i], [lose_i] ∈ {0, 1}' },
    { statement: 'Proposition 14.4', step: 'the whole proposition', reason: 'an exact computation on one instance, made by the suite' },
    {
      statement: 'Proposition 14.5',
      step: 'the whole proposition',
      reason: 'Hoeffding and Lemma 6.4 on one deviation; checked exactly on the noise-free example',
    },
    { statement: 'Proposition 14.6', step: 'the whole proposition', reason: 'Proposition 14.5 plus a slope-1 frontier' },
  ],
}
