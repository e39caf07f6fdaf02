/**
 * Theorem 2 (proofs-notes §7): every deterministic step of Lemmas 7.2–7.4, the proofs of §7.3 and
 * §7.4, Proposition 7.1 and the order of §7.5, as obligations over the code's `Δ(T)`, excess bound
 * and `r`.
 *
 * @module
 */
import { add, div, ln, max, mul, sqrt, sub, v } from '../exact/expression.ts'
import { EPSILON, K_X, L, N_PROVIDERS, R, RADIUS, SLACK_LOG, T } from '../mechanism/formulas.ts'
import { EXCESS, SHORTFALL, SLACK_ALLOWANCE } from '../theory/bound-formulas.ts'
import { secondOf3 } from './order-statistics.ts'
import { type NegativeControl, type NoteObligations, type Obligation, and, eq, ge, gt, le, lt, within } from './proposition.ts'

const xLo = v('x_lo')
const xHi = v('x_hi')
const u2 = v('ū_(2)')
const g = v('g')
const q = v('q')
const p = v('p')
const Ex = v('E_x')
const ExUp = v("E'_x")
const Gamma = v('Γ')
const deltaA = v('δ_a')
const RANGE = [gt(R, 0), eq(R, sub(xHi, xLo))]
const PHASES = [ge(T, 1), ge(N_PROVIDERS, 2), ge(L, 1), ge(K_X, 1), eq(add(K_X, mul(add(N_PROVIDERS, 1), L)), T)]
const second = secondOf3
/** The clamped target of the second-ranked mean, rounded down to the grid: `τ_g ∈ (τ_1 − g, τ_1]`. */
const TARGET = [eq(v('τ_1'), max(xLo, sub(v('Û_ρ2'), RADIUS))), le(v('τ_g'), v('τ_1')), gt(v('τ_g'), sub(v('τ_1'), g))]

const obligations: readonly Obligation[] = [
  {
    name: 'lemma-7.2-rebate-on',
    statement: 'Lemma 7.2',
    step: 'rebate on: ΣX − Σ(X − x_lo) = nL·x_lo on every path, and the deficit nL(ū_(2) − x_lo) is at most nLR',
    premises: [
      ...RANGE,
      le(u2, xHi),
      ge(L, 0),
      ge(N_PROVIDERS, 0),
      eq(v('U^E'), sub(v('ΣX'), sub(v('ΣX'), mul(mul(N_PROVIDERS, L), xLo)))),
    ],
    conclusion: and(
      eq(v('U^E'), mul(mul(N_PROVIDERS, L), xLo)),
      le(sub(mul(mul(N_PROVIDERS, L), u2), v('U^E')), mul(mul(N_PROVIDERS, L), R)),
    ),
  },
  {
    name: 'lemma-7.2-rebate-off',
    statement: 'Lemma 7.2',
    step: 'rebate off: the top provider’s term ū_(2) − ū_(1) ≤ 0, the second’s is 0, each of the n − 2 others at most R: L·Σ_k(ū_(2) − ū_k) ≤ (n − 2)LR ≤ nLR',
    premises: [
      gt(R, 0),
      ge(N_PROVIDERS, 2),
      ge(L, 0),
      le(u2, v('ū_(1)')),
      le(v('Σ_{k≥3}(ū_(2) − ū_(k))'), mul(sub(N_PROVIDERS, 2), R)),
      eq(Ex, mul(L, add(sub(u2, v('ū_(1)')), v('Σ_{k≥3}(ū_(2) − ū_(k))')))),
    ],
    conclusion: and(le(Ex, mul(mul(sub(N_PROVIDERS, 2), L), R)), le(Ex, mul(mul(N_PROVIDERS, L), R))),
  },
  {
    name: 'lemma-7.3-order-statistics',
    statement: 'Lemma 7.3',
    step: 'on ℰ the second largest Û is within r of the second largest ū (three providers)',
    premises: [
      ge(RADIUS, 0),
      ...(['1', '2', '3'] as const).map((k) => within(v(`Û_${k}`), sub(v(`ū_${k}`), RADIUS), add(v(`ū_${k}`), RADIUS))),
    ],
    conclusion: within(
      second(v('Û_1'), v('Û_2'), v('Û_3')),
      sub(second(v('ū_1'), v('ū_2'), v('ū_3')), RADIUS),
      add(second(v('ū_1'), v('ū_2'), v('ū_3')), RADIUS),
    ),
  },
  {
    name: 'lemma-7.3',
    statement: 'Lemma 7.3',
    step: 'on ℰ: τ_1 = max(x_lo, Û_ρ2 − r) rounded down to the grid lies in [ū_(2) − 2r − g, ū_(2)], and τ_1 ≤ max(x_lo, Û_ρ1 − r) ≤ ū_ρ1',
    premises: [
      ge(RADIUS, 0),
      gt(g, 0),
      le(xLo, u2),
      within(v('Û_ρ2'), sub(u2, RADIUS), add(u2, RADIUS)),
      le(v('Û_ρ2'), v('Û_ρ1')),
      le(v('Û_ρ1'), add(v('ū_ρ1'), RADIUS)),
      le(xLo, v('ū_ρ1')),
      ...TARGET,
    ],
    conclusion: and(
      within(v('τ_g'), sub(sub(u2, mul(2, RADIUS)), g), u2),
      le(v('τ_g'), max(xLo, sub(v('Û_ρ1'), RADIUS))),
      le(v('τ_g'), v('ū_ρ1')),
    ),
  },
  {
    name: 'theorem-2-exploitation',
    statement: 'Theorem 2',
    step: '§7.3 exploitation: the winner is fired with probability p ≤ K_X/(2T²); the K_X rounds then served by others cost at most p·K_X·R ≤ R/2',
    premises: [gt(R, 0), ge(T, 1), within(K_X, 0, T), within(p, 0, div(K_X, mul(2, mul(T, T))))],
    conclusion: le(mul(mul(p, K_X), R), div(R, 2)),
  },
  {
    name: 'theorem-2-failure',
    statement: 'Theorem 2',
    step: '§7.3 failure of ℰ: (1/T)(T − nL)R < R',
    premises: [gt(R, 0), ge(T, 1), ge(N_PROVIDERS, 2), ge(L, 1)],
    conclusion: lt(mul(div(1, T), mul(sub(T, mul(N_PROVIDERS, L)), R)), R),
  },
  {
    name: 'proposition-7.1-lower',
    statement: 'Proposition 7.1',
    step: 'lower bound, assembly: exploration E_x, endgame L(ū_(2) − x_lo), exploitation (2r + g)K_X + p·K_X·R on ℰ and K_X·R off ℰ with P(not ℰ) ≤ 1/T: SB − E[U] ≤ E_x + L(ū_(2) − x_lo) + (2r + g)K_X + 3R/2',
    axioms: ['total-expectation', 'expectation-monotone'],
    premises: [
      ...RANGE,
      ...PHASES,
      ge(RADIUS, 0),
      gt(g, 0),
      within(q, 0, div(1, T)),
      within(p, 0, div(K_X, mul(2, mul(T, T)))),
      le(v('D^E'), Ex),
      le(v('D^end'), mul(L, sub(u2, xLo))),
      le(v('A'), add(mul(add(mul(2, RADIUS), g), K_X), mul(mul(p, K_X), R))),
      le(v('B'), mul(K_X, R)),
      eq(v('SB − E[U]'), add(add(v('D^E'), v('D^end')), add(mul(sub(1, q), v('A')), mul(q, v('B'))))),
    ],
    conclusion: le(v('SB − E[U]'), add(add(add(Ex, mul(L, sub(u2, xLo))), mul(add(mul(2, RADIUS), g), K_X)), mul('1.5', R))),
  },
  {
    name: 'proposition-7.1-identity',
    statement: 'Proposition 7.1',
    step: 'Δ(T) − (n+1)LR − 2rK_X − 3R/2 = 2r(n+1)L + R/2, for the code’s Δ(T)',
    open: ['K_X'],
    premises: [],
    conclusion: eq(
      sub(sub(sub(SHORTFALL, mul(mul(add(N_PROVIDERS, 1), L), R)), mul(mul(2, RADIUS), K_X)), mul('1.5', R)),
      add(mul(mul(2, RADIUS), mul(add(N_PROVIDERS, 1), L)), div(R, 2)),
    ),
  },
  {
    name: 'theorem-2-lower',
    statement: 'Theorem 2',
    step: 'with E_x ≤ nLR, ū_(2) − x_lo ≤ R and gK_X ≤ 2r(n+1)L + R/2, the bound of Proposition 7.1 is at most the code’s Δ(T)',
    open: ['K_X'],
    premises: [
      ...RANGE,
      ge(N_PROVIDERS, 2),
      ge(L, 1),
      ge(RADIUS, 0),
      gt(g, 0),
      le(Ex, mul(mul(N_PROVIDERS, L), R)),
      within(u2, xLo, xHi),
      le(mul(g, K_X), add(mul(mul(2, RADIUS), mul(add(N_PROVIDERS, 1), L)), div(R, 2))),
    ],
    conclusion: le(add(add(add(Ex, mul(L, sub(u2, xLo))), mul(add(mul(2, RADIUS), g), K_X)), mul('1.5', R)), SHORTFALL),
  },
  {
    name: 'proposition-7.1-upper',
    statement: 'Proposition 7.1',
    step: 'upper bound, assembly (§7.4): on ℰ the winner delivers at most ū_(2) + δ_a + Γ when monitored and ū_(2) + Γ in the endgame; others after a firing at most R above for at most T − nL rounds; off ℰ at most (T − nL)R',
    axioms: ['total-expectation', 'expectation-monotone'],
    premises: [
      ...RANGE,
      ...PHASES,
      ge(Gamma, 0),
      ge(deltaA, 0),
      within(q, 0, div(1, T)),
      within(p, 0, div(K_X, mul(2, mul(T, T)))),
      le(v('X^E'), ExUp),
      le(v('A'), add(add(mul(K_X, add(deltaA, Gamma)), mul(L, Gamma)), mul(mul(p, sub(T, mul(N_PROVIDERS, L))), R))),
      le(v('B'), mul(sub(T, mul(N_PROVIDERS, L)), R)),
      eq(v('E[U] − SB'), add(v('X^E'), add(mul(sub(1, q), v('A')), mul(q, v('B'))))),
    ],
    conclusion: le(v('E[U] − SB'), add(add(add(ExUp, mul(sub(T, mul(N_PROVIDERS, L)), Gamma)), mul(K_X, deltaA)), mul('1.5', R))),
  },
  {
    name: 'theorem-2-upper',
    statement: 'Theorem 2',
    step: 'under U (Γ = 0) and δ_a = 0, with E′_x ≤ LR, the bound of Proposition 7.1 is at most the code’s L·R + 2rT + 2R',
    premises: [gt(R, 0), ge(T, 1), ge(L, 0), ge(RADIUS, 0), eq(Gamma, 0), eq(deltaA, 0), le(ExUp, mul(L, R))],
    conclusion: le(add(add(add(ExUp, mul(sub(T, mul(N_PROVIDERS, L)), Gamma)), mul(K_X, deltaA)), mul('1.5', R)), EXCESS),
  },
  {
    name: 'section-7.5-radius-order',
    statement: '§7.5 asymptotics',
    step: 'rT ≤ R·T^((1+ε)/2)·√(ln(2nT)/2) for the code’s r, as L ≥ T^(1−ε) and T^((1+ε)/2)²·T^(1−ε) = T²',
    open: ['r'],
    premises: [
      gt(R, 0),
      ge(T, 1),
      gt(EPSILON, 0),
      ge(ln(mul(mul(2, N_PROVIDERS), T)), 0),
      gt(v('T^(1−ε)'), 0),
      gt(v('T^((1+ε)/2)'), 0),
      ge(L, v('T^(1−ε)')),
      eq(mul(mul(v('T^((1+ε)/2)'), v('T^((1+ε)/2)')), v('T^(1−ε)')), mul(T, T)),
    ],
    conclusion: le(mul(RADIUS, T), mul(mul(R, v('T^((1+ε)/2)')), sqrt(div(ln(mul(mul(2, N_PROVIDERS), T)), 2)))),
  },
  {
    name: 'lemma-7.4a',
    statement: 'Lemma 7.4',
    step: '(a) on one path, off the failure events: exploration gives at least nL·ū_(2) − E_x, the unfired winner’s stint S ≥ K_X·τ_1 − c(K_X) with τ_1 ≥ ū_(2) − 2r − g, the endgame at least L·x_lo; so U ≥ SB − E_x − K_X(2r + g) − c(K_X) − L(ū_(2) − x_lo)',
    premises: [
      ...PHASES,
      gt(R, 0),
      gt(SLACK_LOG, 0),
      ge(RADIUS, 0),
      gt(g, 0),
      ge(v('U^E'), sub(mul(mul(N_PROVIDERS, L), u2), Ex)),
      ge(v('τ_1'), sub(sub(u2, mul(2, RADIUS)), g)),
      ge(v('S'), sub(mul(K_X, v('τ_1')), SLACK_ALLOWANCE)),
      ge(v('U^end'), mul(L, xLo)),
      eq(v('U'), add(add(v('U^E'), v('S')), v('U^end'))),
    ],
    conclusion: ge(v('U'), sub(sub(sub(sub(mul(T, u2), Ex), mul(K_X, add(mul(2, RADIUS), g))), SLACK_ALLOWANCE), mul(L, sub(u2, xLo)))),
  },
  {
    name: 'lemma-7.4-failure',
    statement: 'Lemma 7.4',
    step: '(a) fails with probability at most 1/T + K_X/(2T²); (b) adds two Hoeffding events of 1/T each: at most 4/T in all',
    axioms: ['union-bound', 'hoeffding'],
    premises: [ge(T, 1), within(K_X, 0, T)],
    conclusion: le(add(add(div(1, T), div(K_X, mul(2, mul(T, T)))), div(2, T)), div(4, T)),
  },
  {
    name: 'proposition-7.5',
    statement: 'Proposition 7.5',
    step: 'noise-free, τ*: SB − U = E_x + K_X(ū_(2) − m_1) + L(ū_(2) − μ^min_ρ1) with m_1 ≤ τ_1 + δ_a and τ_1 ≤ ū_(2) − r give SB − U ≥ E_x + K_X(r − δ_a) + L(ū_(2) − μ^min_ρ1)',
    premises: [
      ...PHASES,
      ge(RADIUS, 0),
      ge(deltaA, 0),
      eq(sub(v('SB'), v('U')), add(add(Ex, mul(K_X, sub(u2, v('m_1')))), mul(L, sub(u2, v('μ^min_ρ1'))))),
      le(v('m_1'), add(v('τ_1'), deltaA)),
      le(v('τ_1'), sub(u2, RADIUS)),
    ],
    conclusion: ge(sub(v('SB'), v('U')), add(add(Ex, mul(K_X, sub(RADIUS, deltaA))), mul(L, sub(u2, v('μ^min_ρ1'))))),
  },
]

const controls: readonly NegativeControl[] = [
  {
    name: 'control-lemma-7.3-without-clamp',
    statement: 'Lemma 7.3',
    wrong: 'the former statement “τ_1 ≤ Û_ρ1 − r ≤ ū_ρ1”: it fails when the target is clamped at x_lo',
    step: 'τ_1 ≤ Û_ρ1 − r',
    premises: [
      gt(RADIUS, 0),
      le(xLo, u2),
      within(v('Û_ρ2'), sub(u2, RADIUS), add(u2, RADIUS)),
      le(v('Û_ρ2'), v('Û_ρ1')),
      le(v('Û_ρ1'), add(v('ū_ρ1'), RADIUS)),
      le(xLo, v('ū_ρ1')),
      eq(v('τ_1'), max(xLo, sub(v('Û_ρ2'), RADIUS))),
    ],
    conclusion: le(v('τ_1'), sub(v('Û_ρ1'), RADIUS)),
  },
  {
    name: 'control-shortfall-without-2rT',
    statement: 'Theorem 2',
    wrong: 'Δ(T) without its 2rT: the bound of Proposition 7.1 exceeds (n+1)LR + 2R',
    step: 'E_x + L(ū_(2) − x_lo) + (2r + g)K_X + 3R/2 ≤ (n+1)LR + 2R',
    open: ['K_X'],
    premises: [
      ...RANGE,
      ge(N_PROVIDERS, 2),
      ge(L, 1),
      ge(K_X, 1),
      ge(RADIUS, 0),
      gt(g, 0),
      le(Ex, mul(mul(N_PROVIDERS, L), R)),
      within(u2, xLo, xHi),
      le(mul(g, K_X), add(mul(mul(2, RADIUS), mul(add(N_PROVIDERS, 1), L)), div(R, 2))),
      eq(Ex, mul(mul(N_PROVIDERS, L), R)),
      eq(u2, xHi),
    ],
    conclusion: le(
      add(add(add(Ex, mul(L, sub(u2, xLo))), mul(add(mul(2, RADIUS), g), K_X)), mul('1.5', R)),
      add(mul(R, mul(add(N_PROVIDERS, 1), L)), mul(R, 2)),
    ),
  },
]

/** The obligations of proofs-notes §7 (Theorem 2). */
export const THEOREM_2: NoteObligations = {
  section: '§7',
  note: 'second-best.md',
  statements: ['Theorem 2', 'Proposition 7.1', 'Lemma 7.2', 'Lemma 7.3', 'Lemma 7.4', '§7.5 asymptotics', 'Proposition 7.5'],
  obligations,
  controls,
  prose: [
    {
      statement: 'Proposition 7.5',
      step: 'the noise-free run under τ* is the deterministic run of §7.6, and the order statement',
      reason: 'a description of a deterministic run (§7.6) and asymptotic orders (limits)',
    },
    {
      statement: 'Lemma 7.3',
      step: 'order statistics move by at most the largest coordinate change, for every n',
      reason: 'a statement about sorting n values; the obligation checks n = 3',
    },
    {
      statement: 'Theorem 2',
      step: 'E[U]/T → ū_(2)',
      reason: 'a limit; its deterministic ingredients are section-7.5-radius-order and the bounds above',
    },
    {
      statement: '§7.5 asymptotics',
      step: 'Δ(T) = O(T^max(1−ε,(1+ε)/2)·√log T) = o(T)',
      reason: 'asymptotic orders (limits), beyond the first-order theory Z3 decides',
    },
    {
      statement: 'Lemma 7.4',
      step: '(b), the per-seed upper bound under U',
      reason: 'the path bounds of §7.4 with the two Hoeffding bands: the same combination as lemma-7.4a and proposition-7.1-upper',
    },
  ],
}
