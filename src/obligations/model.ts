/**
 * The model (proofs-notes §1): the deterministic steps of Lemmas 1.1, 1.3 and 1.4 and of the
 * consequence of IR, as obligations.
 *
 * @module
 */
import { add, mul, sub, v } from '../exact/expression.ts'
import { type NoteObligations, type Obligation, and, eq, ge, gt, le, lt, within } from './proposition.ts'

const f = (m: string) => v(`f(${m})`)
const F = (m: string) => v(`F_i(${m})`)

const obligations: readonly Obligation[] = [
  {
    name: 'lemma-1.1-concave-monotone',
    statement: 'Lemma 1.1',
    step: 'a concave f maximal at the right end ū is non-decreasing: for x < y < ū, concavity gives f(y) ≥ min(f(x), f(ū)) = f(x)',
    premises: [
      lt(v('x'), v('y')),
      lt(v('y'), v('ū_i')),
      ge(f('ū_i'), f('x')),
      // Concavity on [x, ū]: f(y)·(ū − x) ≥ (ū − y)·f(x) + (y − x)·f(ū).
      ge(mul(f('y'), sub(v('ū_i'), v('x'))), add(mul(sub(v('ū_i'), v('y')), f('x')), mul(sub(v('y'), v('x')), f('ū_i')))),
    ],
    conclusion: ge(f('y'), f('x')),
  },
  {
    name: 'lemma-1.1-slope',
    statement: 'Lemma 1.1',
    step: 'with f(m) = F_i(m) + m non-decreasing, m ≤ m′ gives F_i(m) − F_i(m′) ≤ m′ − m',
    premises: [le(v('m'), v("m'")), eq(f('m'), add(F('m'), v('m'))), eq(f("m'"), add(F("m'"), v("m'"))), le(f('m'), f("m'"))],
    conclusion: le(sub(F('m'), F("m'")), sub(v("m'"), v('m'))),
  },
  {
    name: 'lemma-1.1-surplus',
    statement: 'Lemma 1.1',
    step: 'f(m) ≤ f(ū_i): F_i(m) = π_i(a*) with μ_i(a*) ≥ m, and s_i(a*) ≤ s_i(h_i) (A)',
    premises: [
      eq(F('m'), v('π_i(a*)')),
      ge(v('μ_i(a*)'), v('m')),
      le(add(v('π_i(a*)'), v('μ_i(a*)')), add(v('π^h_i'), v('ū_i'))),
      eq(F('ū_i'), v('π^h_i')),
    ],
    conclusion: le(add(F('m'), v('m')), add(F('ū_i'), v('ū_i'))),
  },
  {
    name: 'lemma-1.1-support',
    statement: 'Lemma 1.1',
    step: '(1.A): π_i(a) ≤ F_i(μ_i(a)) ≤ F_i(τ) + λ_τ(τ − μ_i(a)) by the supporting line of the concave F_i at τ, λ_τ ∈ [0, 1]',
    premises: [le(v('π_i(a)'), F('μ_i(a)')), le(F('μ_i(a)'), add(F('τ'), mul(v('λ_τ'), sub(v('τ'), v('μ_i(a)'))))), within(v('λ_τ'), 0, 1)],
    conclusion: le(v('π_i(a)'), add(F('τ'), mul(v('λ_τ'), sub(v('τ'), v('μ_i(a)'))))),
  },
  {
    name: 'section-1.3-ir',
    statement: '§1.3 IR',
    step: 'F_i non-increasing and F_i(ū_i) = π^h_i ≥ 0 give F_i(m) ≥ π^h_i ≥ 0 for m ≤ ū_i',
    premises: [le(v('m'), v('ū_i')), ge(F('m'), F('ū_i')), eq(F('ū_i'), v('π^h_i')), ge(v('π^h_i'), 0)],
    conclusion: and(ge(F('m'), v('π^h_i')), ge(F('m'), 0)),
  },
  {
    name: 'lemma-1.3',
    statement: 'Lemma 1.3',
    step: 'U = ΣX − ΣZ and ΣΠ = ΣY + ΣZ give U + ΣΠ = ΣX + ΣY',
    premises: [eq(v('U'), sub(v('ΣX'), v('ΣZ'))), eq(v('ΣΠ'), add(v('ΣY'), v('ΣZ')))],
    conclusion: eq(add(v('U'), v('ΣΠ')), add(v('ΣX'), v('ΣY'))),
  },
  {
    name: 'lemma-1.4',
    statement: 'Lemma 1.4',
    step: 'the differences Y_t − π_i(a_t) form a martingale stopped at a bounded time: E[ΣY] = E[Σπ_i(a_t)]',
    axioms: ['optional-stopping', 'expectation-monotone'],
    premises: [eq(v('E[M_N]'), sub(v('E[ΣY]'), v('E[Σπ_i(a_t)]'))), eq(v('E[M_N]'), 0)],
    conclusion: eq(v('E[ΣY]'), v('E[Σπ_i(a_t)]')),
  },
  {
    name: 'section-1.2-manipulation-range',
    statement: '§1.2 type statistics',
    step: 'a type in the range has manipulation range ū_i − μ^min_i ∈ [0, R]',
    premises: [
      gt(v('R'), 0),
      eq(v('R'), sub(v('x_hi'), v('x_lo'))),
      le(v('x_lo'), v('μ^min_i')),
      le(v('μ^min_i'), v('ū_i')),
      le(v('ū_i'), v('x_hi')),
    ],
    conclusion: within(sub(v('ū_i'), v('μ^min_i')), 0, v('R')),
  },
]

/** The obligations of proofs-notes §1 (the model). */
export const MODEL: NoteObligations = {
  section: '§1',
  note: 'model.md',
  statements: ['Lemma 1.1', 'Lemma 1.2', 'Lemma 1.3', 'Lemma 1.4', '§1.3 IR', '§1.2 type statistics'],
  obligations,
  controls: [],
  prose: [
    {
      statement: 'Lemma 1.1',
      step: 'existence of λ_τ (the left derivative of a concave function) and concavity of the extended frontier',
      reason: 'facts of convex analysis about functions, not inequalities between amounts',
    },
    { statement: 'Lemma 1.2', step: 'the whole lemma', reason: 'quantile coupling of distribution functions: a statement about functions' },
  ],
}
