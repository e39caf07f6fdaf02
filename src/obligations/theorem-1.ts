/**
 * Theorem 1 (proofs-notes §6): every deterministic step of Lemmas 6.3–6.5, the proof of §6.4,
 * Proposition 6.1, Proposition 6.6 and Lemma 6.10, as obligations over the code's formulas
 * (`c(j)`, `r`, `η_on`, `η_off`, `G_i` from `src/theory/bound-formulas.ts`).
 *
 * @module
 */
import { add, div, ln, max, mul, sqrt, sub, v } from '../exact/expression.ts'
import { J, K_X, L, N_PROVIDERS, R, RADIUS, RADIUS_LOG, SLACK_LOG, SLACK_LOG_FORMULA, T, slackFormula } from '../mechanism/formulas.ts'
import {
  CHEAT_MEAN,
  CHEAT_PROFIT,
  ETA_OFF,
  ETA_ON,
  HONEST_MEAN,
  PROVEN_BOUND_OFF,
  PROVEN_BOUND_ON,
  SLACK_ALLOWANCE,
} from '../theory/bound-formulas.ts'
import { expOfMinusLn } from './axioms.ts'
import { secondOf3 } from './order-statistics.ts'
import { type NegativeControl, type NoteObligations, type Obligation, and, eq, ge, gt, implies, le, lt, within } from './proposition.ts'

const xLo = v('x_lo')
const xHi = v('x_hi')
const tau = v('τ')
const F = v('F_i(τ)')
const lambda = v('λ_τ')
const N = v('N')
const honestProfit = v('π^h_i')
const LN_2NT = RADIUS_LOG
/** The range: `R = x_hi − x_lo > 0`. */
const RANGE = [gt(R, 0), eq(R, sub(xHi, xLo))]
/** A type in the range: `x_lo ≤ μ^min_i ≤ ū_i ≤ x_hi`, `π̄_i ≥ π^h_i ≥ 0` (IR). */
const TYPE = [le(xLo, CHEAT_MEAN), le(CHEAT_MEAN, HONEST_MEAN), le(HONEST_MEAN, xHi), ge(honestProfit, 0), ge(CHEAT_PROFIT, honestProfit)]
/** Horizon and phases: `T ≥ 1`, `n ≥ 2`, `L ≥ 1`, `K_X ≥ 1`, `K_X + (n+1)·L = T`. */
const PHASES = [ge(T, 1), ge(N_PROVIDERS, 2), ge(L, 1), ge(K_X, 1), eq(add(K_X, mul(add(N_PROVIDERS, 1), L)), T)]
/** `ℓ = ln(2T²) > 0` (as `T ≥ 1`). */
const LOG_POSITIVE = gt(SLACK_LOG, 0)

const obligations: readonly Obligation[] = [
  {
    name: 'lemma-6.3-exponent',
    statement: 'Lemma 6.3',
    step: 'the radius makes Hoeffding’s exponent exact: 2·L·r²/R² = ln(2nT), with r the code’s R·√(ln(2nT)/(2L))',
    open: ['r'],
    premises: [gt(R, 0), ge(L, 1), ge(T, 1), ge(N_PROVIDERS, 2), gt(LN_2NT, 0)],
    conclusion: eq(div(mul(mul(2, L), mul(RADIUS, RADIUS)), mul(R, R)), LN_2NT),
  },
  {
    name: 'lemma-6.3-union',
    statement: 'Lemma 6.3',
    step: 'P(|Û_k − ū_k| > r) ≤ 2·exp(−ln(2nT)) = 1/(nT) for each k, and the union over n providers gives P(not ℰ) ≤ 1/T',
    axioms: ['hoeffding', 'exp-of-ln', 'union-bound'],
    premises: [
      ge(T, 1),
      ge(N_PROVIDERS, 2),
      le(v('p_k'), mul(2, v('w'))),
      expOfMinusLn(v('w'), RADIUS_LOG),
      le(v('P(not ℰ)'), mul(N_PROVIDERS, v('p_k'))),
    ],
    conclusion: le(v('P(not ℰ)'), div(1, T)),
  },
  {
    name: 'lemma-6.4-exponent',
    statement: 'Lemma 6.4',
    step: 'the slack makes Hoeffding’s exponent exact: 2·c(j)²/(j·R²) = ln(2T²), with c(j) the code’s R·√(ℓ·j/2)',
    premises: [gt(R, 0), ge(J, 1), LOG_POSITIVE],
    conclusion: eq(div(mul(2, mul(slackFormula(J), slackFormula(J))), mul(J, mul(R, R))), SLACK_LOG),
  },
  {
    name: 'lemma-6.4-event',
    statement: 'Lemma 6.4',
    step: 'with mean m ≥ τ, the firing event S_j < jτ − c(j) lies inside S_j − jm ≤ −c(j)',
    premises: [ge(J, 0), ge(v('m'), tau), lt(v('S_j'), sub(mul(J, tau), slackFormula(J)))],
    conclusion: le(sub(v('S_j'), mul(J, v('m'))), mul(-1, slackFormula(J))),
  },
  {
    name: 'lemma-6.4-union',
    statement: 'Lemma 6.4',
    step: 'each round’s firing probability is at most exp(−ℓ) = 1/(2T²) for the code’s ℓ = ln(2T²); the union over at most K_X rounds is at most K_X/(2T²) < 1/(2T)',
    axioms: ['hoeffding', 'exp-of-ln', 'union-bound'],
    open: ['K_X'],
    integers: ['T', 'n', 'L'],
    premises: [...PHASES.slice(0, 3), expOfMinusLn(v('w'), SLACK_LOG_FORMULA), le(v('P(fired)'), mul(K_X, v('w')))],
    conclusion: and(le(v('P(fired)'), div(K_X, mul(2, mul(T, T)))), lt(div(K_X, mul(2, mul(T, T))), div(1, mul(2, T)))),
  },
  {
    name: 'lemma-6.5a-target-range',
    statement: 'Lemma 6.5',
    step: 'a target τ = max(x_lo, Û − r) with Û in the range and r ≥ 0 lies in [x_lo, x_hi], so the overshoot τ − x_lo is at most R',
    premises: [...RANGE, within(v('Û'), xLo, xHi), ge(RADIUS, 0), eq(tau, max(xLo, sub(v('Û'), RADIUS)))],
    conclusion: and(within(tau, xLo, xHi), le(sub(tau, xLo), R)),
  },
  {
    name: 'lemma-6.5a-unfired',
    statement: 'Lemma 6.5',
    step: '(a), stint ends unfired: the last test passed, Nτ − S_N ≤ c(N) ≤ c(K_X) ≤ c(K_X) + R',
    premises: [...RANGE, LOG_POSITIVE, within(N, 0, K_X), le(sub(mul(N, tau), v('S_N')), slackFormula(N))],
    conclusion: le(sub(mul(N, tau), v('S_N')), add(SLACK_ALLOWANCE, R)),
  },
  {
    name: 'lemma-6.5a-fired',
    statement: 'Lemma 6.5',
    step: '(a), fired after round N: (N−1)τ − S_{N−1} ≤ c(N−1) and τ − X_N ≤ τ − x_lo ≤ R give Nτ − S_N ≤ c(K_X) + R',
    premises: [
      ...RANGE,
      LOG_POSITIVE,
      within(N, 1, K_X),
      le(tau, xHi),
      ge(v('X_N'), xLo),
      eq(v('S_N'), add(v('S_{N−1}'), v('X_N'))),
      le(sub(mul(sub(N, 1), tau), v('S_{N−1}')), slackFormula(sub(N, 1))),
    ],
    conclusion: le(sub(mul(N, tau), v('S_N')), add(SLACK_ALLOWANCE, R)),
  },
  {
    name: 'lemma-6.5b',
    statement: 'Lemma 6.5',
    step: '(b): E[ΣY] ≤ F·E[N] + λ·E[Nτ − S_N + M_N], E[M_N] = 0 and (a) give E[ΣY] ≤ F·E[N] + λ(c(K_X) + R)',
    axioms: ['optional-stopping', 'expectation-monotone'],
    premises: [
      ...RANGE,
      LOG_POSITIVE,
      ge(K_X, 0),
      within(lambda, 0, 1),
      le(v('E[ΣY]'), add(mul(F, v('E[N]')), mul(lambda, add(v('E[Nτ − S_N]'), v('E[M_N]'))))),
      eq(v('E[M_N]'), 0),
      le(v('E[Nτ − S_N]'), add(SLACK_ALLOWANCE, R)),
    ],
    conclusion: le(v('E[ΣY]'), add(mul(F, v('E[N]')), mul(lambda, add(SLACK_ALLOWANCE, R)))),
  },
  {
    name: 'theorem-1-step-i-on',
    statement: 'Theorem 1',
    step: '(i), rebate on: a round pays Y + X − x_lo of mean s_i(a) − x_lo ≤ s_i(h_i) − x_lo (A), so L rounds earn at most L(ū_i + π^h_i − x_lo), what τ* earns',
    premises: [ge(L, 0), le(v('s_i(a)'), add(HONEST_MEAN, honestProfit)), le(v('E[Π^E(σ)]'), mul(L, sub(v('s_i(a)'), xLo)))],
    conclusion: le(v('E[Π^E(σ)]'), mul(L, sub(add(HONEST_MEAN, honestProfit), xLo))),
  },
  {
    name: 'theorem-1-step-i-off',
    statement: 'Theorem 1',
    step: '(i), rebate off: A at g_i gives π̄_i − π^h_i ≤ ū_i − μ^min_i ≤ R, so the exploration gain L(π̄_i − π^h_i) is at most L(ū_i − μ^min_i) ≤ LR',
    premises: [
      ...RANGE,
      ...TYPE,
      ge(L, 0),
      le(add(CHEAT_MEAN, CHEAT_PROFIT), add(HONEST_MEAN, honestProfit)),
      le(v('gain^E'), mul(L, sub(CHEAT_PROFIT, honestProfit))),
    ],
    conclusion: and(le(v('gain^E'), mul(L, sub(HONEST_MEAN, CHEAT_MEAN))), le(mul(L, sub(HONEST_MEAN, CHEAT_MEAN)), mul(L, R))),
  },
  {
    name: 'theorem-1-step-ii-target',
    statement: 'Theorem 1',
    step: '(ii), Case II on ℰ: τ_1 = max(x_lo, Û_ρ2 − r) ≤ max(x_lo, Û_ρ1 − r) ≤ ū_ρ1, as Û_ρ2 ≤ Û_ρ1 ≤ ū_ρ1 + r',
    premises: [
      le(v('Û_ρ2'), v('Û_ρ1')),
      le(v('Û_ρ1'), add(v('ū_ρ1'), RADIUS)),
      le(xLo, v('ū_ρ1')),
      eq(v('τ_1'), max(xLo, sub(v('Û_ρ2'), RADIUS))),
    ],
    conclusion: and(le(v('τ_1'), max(xLo, sub(v('Û_ρ1'), RADIUS))), le(v('τ_1'), v('ū_ρ1'))),
  },
  {
    name: 'theorem-1-step-ii-value',
    statement: 'Theorem 1',
    step: '(ii), Case II on ℰ: Π̄^C_σ ≤ (K_X/(2T²))·(T − nL)·π̄_i ≤ π̄_i/2',
    premises: [
      ge(T, 1),
      within(K_X, 0, T),
      within(sub(T, mul(N_PROVIDERS, L)), 0, T),
      ge(CHEAT_PROFIT, 0),
      within(v('p'), 0, div(K_X, mul(2, mul(T, T)))),
      le(v('Π̄^C_σ'), mul(v('p'), mul(sub(T, mul(N_PROVIDERS, L)), CHEAT_PROFIT))),
    ],
    conclusion: le(v('Π̄^C_σ'), div(CHEAT_PROFIT, 2)),
  },
  {
    name: 'theorem-1-step-iii-target',
    statement: 'Theorem 1',
    step: '(iii), Case I on ℰ: τ_1 = max(x_lo, max_{k≠i} Û_k − r) ≤ ū_i, as max_{k≠i} Û_k ≤ Û^h_i ≤ ū_i + r',
    premises: [
      le(v('max_{k≠i} Û_k'), v('Û^h_i')),
      le(v('Û^h_i'), add(HONEST_MEAN, RADIUS)),
      le(xLo, HONEST_MEAN),
      eq(v('τ_1'), max(xLo, sub(v('max_{k≠i} Û_k'), RADIUS))),
    ],
    conclusion: le(v('τ_1'), HONEST_MEAN),
  },
  {
    name: 'theorem-1-step-iii-deviation',
    statement: 'Theorem 1',
    step: '(iii), deviation: by Lemma 6.5(b) with F ≥ 0, N ≤ K_X, λ ≤ 1, Π̄^C_σ ≤ K_X·F_i(τ_1) + c(K_X) + R + L·π̄_i',
    premises: [
      ...RANGE,
      LOG_POSITIVE,
      ge(K_X, 0),
      ge(F, 0),
      within(v('E[N]'), 0, K_X),
      within(lambda, 0, 1),
      le(v('Π̄^C_σ'), add(add(mul(F, v('E[N]')), mul(lambda, add(SLACK_ALLOWANCE, R))), mul(L, CHEAT_PROFIT))),
    ],
    conclusion: le(v('Π̄^C_σ'), add(add(add(mul(K_X, F), SLACK_ALLOWANCE), R), mul(L, CHEAT_PROFIT))),
  },
  {
    name: 'theorem-1-step-iii-recommended',
    statement: 'Theorem 1',
    step: '(iii), τ*: V* ≥ (1 − p)(K_X F + L π̄_i) ≥ K_X F + L π̄_i − pTπ̄_i ≥ K_X F + L π̄_i − π̄_i/2 with p ≤ K_X/(2T²)',
    premises: [
      ge(T, 1),
      ge(K_X, 0),
      ge(L, 0),
      le(add(K_X, L), T),
      within(F, 0, CHEAT_PROFIT),
      within(v('p'), 0, div(K_X, mul(2, mul(T, T)))),
      ge(v('V*'), mul(sub(1, v('p')), add(mul(K_X, F), mul(L, CHEAT_PROFIT)))),
    ],
    conclusion: ge(v('V*'), sub(add(mul(K_X, F), mul(L, CHEAT_PROFIT)), div(CHEAT_PROFIT, 2))),
  },
  {
    name: 'theorem-1-step-iii-difference',
    statement: 'Theorem 1',
    step: '(iii): on ℰ in Case I, Π̄^C_σ − V* ≤ c(K_X) + R + π̄_i/2',
    premises: [
      le(v('Π̄^C_σ'), add(add(add(mul(K_X, F), SLACK_ALLOWANCE), R), mul(L, CHEAT_PROFIT))),
      ge(v('V*'), sub(add(mul(K_X, F), mul(L, CHEAT_PROFIT)), div(CHEAT_PROFIT, 2))),
    ],
    conclusion: le(sub(v('Π̄^C_σ'), v('V*')), add(add(SLACK_ALLOWANCE, R), div(CHEAT_PROFIT, 2))),
  },
  ...(['on', 'off'] as const).map(
    (rebate): Obligation => ({
      name: `proposition-6.1-${rebate}`,
      statement: 'Proposition 6.1',
      step: `(v), assembly with the rebate ${rebate}: on ℰ the continuation gains at most c(K_X) + R + π̄_i/2 (Case I) or π̄_i/2 (Case II), off ℰ at most (T − nL)π̄_i with P(not ℰ) ≤ 1/T; with (i) the gain is at most the code’s G_i`,
      axioms: ['total-expectation', 'expectation-monotone'],
      premises: [
        ...RANGE,
        ...TYPE,
        LOG_POSITIVE,
        ...PHASES,
        within(v('q'), 0, div(1, T)),
        le(v('A'), max(add(add(SLACK_ALLOWANCE, R), div(CHEAT_PROFIT, 2)), div(CHEAT_PROFIT, 2))),
        le(v('B'), mul(sub(T, mul(N_PROVIDERS, L)), CHEAT_PROFIT)),
        eq(v('E[Π̄^C_σ − V*]'), add(mul(sub(1, v('q')), v('A')), mul(v('q'), v('B')))),
        le(v('gain^E'), rebate === 'on' ? 0 : mul(L, sub(HONEST_MEAN, CHEAT_MEAN))),
      ],
      conclusion: le(add(v('gain^E'), v('E[Π̄^C_σ − V*]')), rebate === 'on' ? PROVEN_BOUND_ON : PROVEN_BOUND_OFF),
    }),
  ),
  {
    name: 'theorem-1-on',
    statement: 'Theorem 1',
    step: 'under P (π̄_i ≤ R): G_i ≤ c(K_X) + 5R/2 = η_on − R/2 (rebate on), with the code’s G_i and η_on',
    premises: [...RANGE, ...TYPE, LOG_POSITIVE, ge(K_X, 0), le(CHEAT_PROFIT, R)],
    conclusion: and(le(PROVEN_BOUND_ON, add(SLACK_ALLOWANCE, mul('2.5', R))), le(PROVEN_BOUND_ON, sub(ETA_ON, div(R, 2)))),
  },
  {
    name: 'theorem-1-off',
    statement: 'Theorem 1',
    step: 'under P, with ū_i − μ^min_i ≤ R: G_i ≤ LR + c(K_X) + 5R/2 = η_off − R/2 (rebate off), with the code’s G_i and η_off',
    premises: [...RANGE, ...TYPE, LOG_POSITIVE, ge(K_X, 0), ge(L, 0), le(CHEAT_PROFIT, R)],
    conclusion: le(PROVEN_BOUND_OFF, sub(ETA_OFF, div(R, 2))),
  },
  {
    name: 'proposition-6.1-four-thirds',
    statement: 'Proposition 6.1',
    step: 'the constants of Theorem 1 follow whenever π̄_i ≤ 4R/3: G_i ≤ η_on',
    premises: [...RANGE, LOG_POSITIVE, ge(K_X, 0), within(CHEAT_PROFIT, 0, mul(div(4, 3), R))],
    conclusion: le(PROVEN_BOUND_ON, ETA_ON),
  },
  {
    name: 'proposition-6.1-order',
    statement: 'Proposition 6.1',
    step: 'orders: c(K_X) ≤ R·√(T·ln(2T²)/2), as K_X ≤ T',
    premises: [gt(R, 0), LOG_POSITIVE, within(K_X, 0, T)],
    conclusion: le(SLACK_ALLOWANCE, slackFormula(T)),
  },
  {
    name: 'proposition-6.6-bound',
    statement: 'Proposition 6.6',
    step: 'the noise-free winner’s gain α·W^max_{K_X} ≤ α·c(K_X): W^max_{K_X} ≤ c^δ_{K_X}, and c^δ_{K_X} ≤ 0 or 2(c^δ_{K_X})² ≤ R²·K_X·ℓ',
    premises: [
      gt(R, 0),
      LOG_POSITIVE,
      ge(K_X, 0),
      within(v('α'), 0, 1),
      le(v('W^max'), v('c^δ_{K_X}')),
      implies(gt(v('c^δ_{K_X}'), 0), le(mul(2, mul(v('c^δ_{K_X}'), v('c^δ_{K_X}'))), mul(mul(R, R), mul(K_X, SLACK_LOG)))),
    ],
    conclusion: le(mul(v('α'), v('W^max')), mul(v('α'), SLACK_ALLOWANCE)),
  },
  {
    name: 'proposition-6.6-firing-never-pays',
    statement: 'Proposition 6.6',
    step: 'fired after N ≤ K_X the server earns at most N·F + α(W^max_{N−1} + ω) ≤ K_X·F + α·W^max_{K_X} + L·π̄_i, what staying unfired earns',
    premises: [
      ...TYPE,
      ge(L, 1),
      within(N, 1, K_X),
      ge(F, 0),
      within(v('α'), 0, 1),
      le(v('W^max_{N−1}'), v('W^max_{K_X}')),
      within(v('ω'), 0, sub(HONEST_MEAN, CHEAT_MEAN)),
      eq(sub(CHEAT_PROFIT, honestProfit), mul(v('α'), sub(HONEST_MEAN, CHEAT_MEAN))),
    ],
    conclusion: le(
      add(mul(N, F), mul(v('α'), add(v('W^max_{N−1}'), v('ω')))),
      add(add(mul(K_X, F), mul(v('α'), v('W^max_{K_X}'))), mul(L, CHEAT_PROFIT)),
    ),
  },
  {
    name: 'lemma-6.9-targets',
    statement: 'Lemma 6.9',
    step: 'three providers, provider 1 deviating with Û′_1 ≤ Û_1 (D), the others unchanged: the first target max(x_lo, second largest Û − r) weakly falls, and is unchanged when provider 1 still ranks first',
    premises: [le(v("Û'_1"), v('Û_1'))],
    conclusion: and(
      le(max(xLo, sub(secondOf3(v("Û'_1"), v('Û_2'), v('Û_3')), RADIUS)), max(xLo, sub(secondOf3(v('Û_1'), v('Û_2'), v('Û_3')), RADIUS))),
      implies(
        and(ge(v("Û'_1"), v('Û_2')), ge(v("Û'_1"), v('Û_3'))),
        eq(secondOf3(v("Û'_1"), v('Û_2'), v('Û_3')), secondOf3(v('Û_1'), v('Û_2'), v('Û_3'))),
      ),
    ),
  },
  {
    name: 'lemma-6.10-assembly',
    statement: 'Lemma 6.10',
    step: 'off the failure events: exploration gains at most E_i; the stint under σ earns at most N·F + λW with W = (Nτ − S_N) + M, Nτ − S_N ≤ c(K_X) + R, M at most the band R·√(K_X ln T/2); τ* earns K_X·F + Lπ̄_i up to K_X·δ_a: the gain is at most E_i + c(K_X) + R + band + K_X·δ_a',
    axioms: ['azuma-hoeffding'],
    premises: [
      ...RANGE,
      LOG_POSITIVE,
      ge(K_X, 1),
      ge(ln(T), 0),
      within(N, 0, K_X),
      ge(F, 0),
      within(lambda, 0, 1),
      ge(v('δ_a'), 0),
      le(v('gain^E'), v('E_i')),
      le(v('Π^C(σ)'), add(add(mul(N, F), mul(lambda, v('W'))), mul(L, CHEAT_PROFIT))),
      eq(v('W'), add(v('Nτ − S_N'), v('M'))),
      le(v('Nτ − S_N'), add(SLACK_ALLOWANCE, R)),
      le(v('M'), mul(R, sqrt(div(mul(K_X, ln(T)), 2)))),
      ge(v('Π^C(τ*)'), sub(add(mul(K_X, F), mul(L, CHEAT_PROFIT)), mul(K_X, v('δ_a')))),
    ],
    conclusion: le(
      add(v('gain^E'), sub(v('Π^C(σ)'), v('Π^C(τ*)'))),
      add(add(add(add(v('E_i'), SLACK_ALLOWANCE), R), mul(R, sqrt(div(mul(K_X, ln(T)), 2)))), mul(K_X, v('δ_a'))),
    ),
  },
  {
    name: 'lemma-6.10-azuma-exponent',
    statement: 'Lemma 6.10',
    step: 'the band a = R·√(K_X·ln T/2) makes the Azuma–Hoeffding exponent exact: 2a²/(K_X R²) = ln T',
    premises: [gt(R, 0), ge(K_X, 1), ge(ln(T), 0)],
    conclusion: eq(
      div(mul(2, mul(mul(R, sqrt(div(mul(K_X, ln(T)), 2))), mul(R, sqrt(div(mul(K_X, ln(T)), 2))))), mul(K_X, mul(R, R))),
      ln(T),
    ),
  },
  {
    name: 'lemma-6.10-failure',
    statement: 'Lemma 6.10',
    step: 'the five failure events: 1/T + 2·K_X/(2T²) + 2/T ≤ 4/T = p_F, as K_X ≤ T',
    axioms: ['union-bound'],
    premises: [ge(T, 1), within(K_X, 0, T)],
    conclusion: le(add(add(div(1, T), mul(2, div(K_X, mul(2, mul(T, T))))), div(2, T)), div(4, T)),
  },
]

const controls: readonly NegativeControl[] = [
  {
    name: 'control-eta-on-without-3R',
    statement: 'Theorem 1',
    wrong: 'η_on without its 3R: G_i ≤ c(K_X) fails under P',
    step: 'G_i ≤ c(K_X)',
    premises: [...RANGE, ...TYPE, LOG_POSITIVE, ge(K_X, 0), le(CHEAT_PROFIT, R)],
    conclusion: le(PROVEN_BOUND_ON, SLACK_ALLOWANCE),
  },
  {
    name: 'control-slack-ln-2T',
    statement: 'Lemma 6.4',
    wrong:
      'the slack with ln(2T) in place of ln(2T²): c(j) = R·√(j·ln(2T)/2) makes each round’s firing probability 1/(2T), and the union over K_X rounds exceeds 1/(2T)',
    step: 'K_X·exp(−ln(2T)) < 1/(2T)',
    axioms: ['hoeffding', 'exp-of-ln', 'union-bound'],
    premises: [
      ge(T, 1),
      within(K_X, 1, T),
      gt(R, 0),
      ge(J, 1),
      gt(ln(mul(2, T)), 0),
      // The exponent of the wrong slack: 2c(j)²/(jR²) = ln(2T), so the bound per round is w = 1/(2T).
      eq(v('c(j)'), mul(R, sqrt(div(mul(ln(mul(2, T)), J), 2)))),
      expOfMinusLn(v('w'), ln(mul(2, T))),
      eq(v('P(fired)'), mul(K_X, v('w'))),
    ],
    conclusion: lt(v('P(fired)'), div(1, mul(2, T))),
  },
  {
    name: 'control-slack-ln-2T-literal',
    statement: 'Lemma 6.5',
    wrong:
      'the firing test with the slack R·√(j·ln(2T)) (ln(2T) in place of ln(2T²)/2): Lemma 6.4 still holds (a larger slack), but a server passing that test withholds more than the c(K_X) + R that η_on charges',
    step: 'Nτ − S_N ≤ c(K_X) + R when the test passed with R·√(N·ln(2T))',
    axioms: ['ln-monotone'],
    premises: [
      ...RANGE,
      ge(T, 3),
      within(N, 1, K_X),
      le(K_X, T),
      // ln(2T²) = ln(2T) + ln T, ln(2T) = ln 2 + ln T, 0.69 < ln 2 < 0.7, ln T ≥ ln 3 > 1.
      eq(SLACK_LOG, add(ln(mul(2, T)), ln(T))),
      eq(ln(mul(2, T)), add(v('ln 2'), ln(T))),
      within(v('ln 2'), '0.69', '0.7'),
      ge(ln(T), 1),
      le(sub(mul(N, tau), v('S_N')), mul(R, sqrt(mul(N, ln(mul(2, T)))))),
    ],
    conclusion: le(sub(mul(N, tau), v('S_N')), add(SLACK_ALLOWANCE, R)),
  },
  {
    name: 'control-no-overshoot',
    statement: 'Lemma 6.5',
    wrong: 'Lemma 6.5(a) without the overshoot R of the firing round',
    step: 'Nτ − S_N ≤ c(K_X)',
    premises: [
      ...RANGE,
      LOG_POSITIVE,
      within(N, 1, K_X),
      le(tau, xHi),
      ge(v('X_N'), xLo),
      eq(v('S_N'), add(v('S_{N−1}'), v('X_N'))),
      le(sub(mul(sub(N, 1), tau), v('S_{N−1}')), slackFormula(sub(N, 1))),
    ],
    conclusion: le(sub(mul(N, tau), v('S_N')), SLACK_ALLOWANCE),
  },
]

/** The obligations of proofs-notes §6 (Theorem 1). */
export const THEOREM_1: NoteObligations = {
  section: '§6',
  note: 'incentive-compatibility.md',
  statements: [
    'Theorem 1',
    'Proposition 6.1',
    'Lemma 6.2',
    'Lemma 6.3',
    'Lemma 6.4',
    'Lemma 6.5',
    'Proposition 6.6',
    'Lemma 6.7',
    'Lemma 6.8',
    'Lemma 6.9',
    'Lemma 6.10',
  ],
  obligations,
  controls,
  prose: [
    {
      statement: 'Lemma 6.2',
      step: 'the whole lemma',
      reason: 'it is inequality (1.A) of Lemma 1.1, whose steps are the obligations of §1',
    },
    {
      statement: 'Theorem 1',
      step: '(ii): lowering Û_i weakly lowers every target and worsens i’s rank; Case I’s target does not involve Û_i',
      reason:
        'monotonicity of order statistics of n values: sorting; obligation lemma-6.9-targets checks n = 3, and every simulated path is checked (Lemma 6.9)',
    },
    {
      statement: 'Theorem 1',
      step: '(iv): blind trust pays at most π̄_i per round, which τ* collects',
      reason: 'the definition of π̄_i and of the mechanism (no test, no transfer there)',
    },
    {
      statement: 'Lemma 6.3',
      step: 'the honest outcomes are i.i.d. in the range, and the deviating run has the same Û_k (k ≠ i) and a lower Û_i',
      reason: 'modelling facts (round-robin schedule, the coupling of Lemma 1.2), not inequalities',
    },
    {
      statement: 'Proposition 6.6',
      step: 'the greedy schedule attains W^max_j and no schedule exceeds it',
      reason: 'an induction over the rounds of a dynamic programme; the exact analysis (§10) checks it numerically',
    },
    { statement: 'Lemma 6.7', step: 'the whole lemma', reason: 'it is Lemma 6.5(a): obligations lemma-6.5a-*' },
    { statement: 'Lemma 6.8', step: 'the whole lemma', reason: 'a definition of the run (checked by replay on every simulated path)' },
    {
      statement: 'Lemma 6.9',
      step: 'the same for every n, and i’s rank',
      reason: 'sorting n values; the obligation checks n = 3 (and every simulated path is checked)',
    },
    {
      statement: 'Lemma 6.10',
      step: 'the rebate-on exploration band E_i = R·√(L ln T/2) and the realized-mean terms T·R·2^(−31)',
      reason:
        'the band is the azuma-hoeffding axiom with the exponent of lemma-6.10-azuma-exponent (L in place of K_X); the 2^(−32) resolution is a fact about the simulator’s uniforms (§1.6)',
    },
  ],
}
