/**
 * SBD(ε) (proofs-notes §3): the phase lengths, the requirement on `T`, the division-free firing
 * test and the rounding of targets, as obligations over the code's formulas for `L`, `K_X` and
 * `c(j)`.
 *
 * @module
 */
import { add, mul, sub, v } from '../exact/expression.ts'
import { EPSILON, J, K_X, L, N_PROVIDERS, R, SLACK_LOG, T, slackFormula } from '../mechanism/formulas.ts'
import { type NoteObligations, type Obligation, and, eq, ge, gt, implies, le, lt } from './proposition.ts'

const tau = v('τ')
const S = v('S')
/** `W = jτ − S`, the withholding of the firing test. */
const W = sub(mul(J, tau), S)

const obligations: readonly Obligation[] = [
  {
    name: 'section-3.1-exploration-length',
    statement: '§3.1 constants',
    step: 'L = ⌈T^(1−ε)⌉ (the code’s formula, ⌈x⌉ an integer in [x, x + 1), 1 ≤ T^(1−ε) ≤ T) satisfies 1 ≤ L ≤ T',
    open: ['L'],
    integers: ['T'],
    premises: [ge(T, 1), gt(EPSILON, 0), lt(EPSILON, '0.5')],
    conclusion: and(ge(L, 1), le(L, T)),
  },
  {
    name: 'section-3.1-requirement',
    statement: '§3.1 constants',
    step: 'T ≥ (n+1)L + 1 gives K_X = T − (n+1)L ≥ 1 (the code’s K_X)',
    open: ['K_X'],
    integers: ['T', 'n', 'L'],
    premises: [ge(N_PROVIDERS, 2), ge(L, 1), ge(T, add(mul(add(N_PROVIDERS, 1), L), 1))],
    conclusion: ge(K_X, 1),
  },
  {
    name: 'section-3.2-phases',
    statement: '§3.2 phases',
    step: 'exploration nL, exploitation K_X and blind trust II L rounds: nL + K_X + L = T, every round assigned once',
    open: ['K_X'],
    premises: [],
    conclusion: eq(add(add(mul(N_PROVIDERS, L), K_X), L), T),
  },
  {
    name: 'section-3.2-monitored-below-T',
    statement: '§3.2 phases',
    step: 'a server’s monitored rounds are at most K_X < T',
    open: ['K_X'],
    premises: [ge(N_PROVIDERS, 2), ge(L, 1), le(v('j'), K_X)],
    conclusion: and(lt(K_X, T), lt(v('j'), T)),
  },
  {
    name: 'section-3.4-firing-test',
    statement: '§3.4 exact arithmetic',
    step: 'the division-free test W > 0 ∧ 2W² > R²·j·ℓ with W = jτ − S is exactly S < jτ − c(j) for the code’s c(j) = R·√(ℓ·j/2)',
    premises: [gt(R, 0), ge(J, 1), gt(SLACK_LOG, 0)],
    conclusion: and(
      implies(and(gt(W, 0), gt(mul(2, mul(W, W)), mul(mul(R, R), mul(J, SLACK_LOG)))), lt(S, sub(mul(J, tau), slackFormula(J)))),
      implies(lt(S, sub(mul(J, tau), slackFormula(J))), and(gt(W, 0), gt(mul(2, mul(W, W)), mul(mul(R, R), mul(J, SLACK_LOG))))),
    ),
  },
  {
    name: 'section-3.4-target-rounding',
    statement: '§3.4 exact arithmetic',
    step: 'a target rounded down to the money grid (an integer multiple k·g in (τ − g, τ]) never asks more than the formula and loses less than g',
    integers: ['k'],
    premises: [gt(v('g'), 0), le(mul(v('k'), v('g')), tau), lt(tau, add(mul(v('k'), v('g')), v('g')))],
    conclusion: and(le(mul(v('k'), v('g')), tau), gt(mul(v('k'), v('g')), sub(tau, v('g')))),
  },
]

/** The obligations of proofs-notes §3 (the mechanism). */
export const MECHANISM: NoteObligations = {
  section: '§3',
  note: 'mechanism.md',
  statements: ['§3.1 constants', '§3.2 phases', '§3.3 recommended profile', '§3.4 exact arithmetic'],
  obligations,
  controls: [],
  prose: [
    {
      statement: '§3.3 recommended profile',
      step: 'the definition of τ*',
      reason: 'a definition; the theorems’ obligations use what it delivers',
    },
    {
      statement: '§3.4 exact arithmetic',
      step: 'the rounding errors of 50-digit sqrt and ln and the tie-free test (ln(2T²) is transcendental)',
      reason: 'statements about decimal.js and number theory, not about the formulas’ values',
    },
  ],
}
