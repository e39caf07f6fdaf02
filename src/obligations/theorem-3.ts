/**
 * Theorem 3 (proofs-notes §8): every deterministic step of Lemmas 8.1–8.3, the proof of
 * Theorem 3, the properties of `c*` (Proposition 8.4) and Proposition 8.5, as obligations over the
 * code's term of `c*`.
 *
 * @module
 */
import { add, div, mul, pow, sub, v } from '../exact/expression.ts'
import { R, T } from '../mechanism/formulas.ts'
import {
  ADDITIVE_SLACK,
  CHAIN_LENGTH,
  ETA,
  IMPOSSIBILITY_TERM,
  IMPOSSIBILITY_TERM_WITH_SLACK,
  SCALE,
  THETA,
  THETA_SLACK,
} from '../theory/bound-formulas.ts'
import { type NegativeControl, type NoteObligations, type Obligation, and, eq, ge, gt, implies, le, lt, within } from './proposition.ts'

const a = v('a')
const b = v('b')
const aPrime = v("a'")
const c = v('c')
const lambda = v('λ')
const r = v('r')
const K = v('K_X')
const P = pow(2, CHAIN_LENGTH)
const ln2 = v('ln 2')
/** The chain's quantities at levels k and k + 1. */
const lvl = (name: string, k: string) => v(`${name}_${k}`)

/**
 * The premises of Lemma 8.3's last step (8.1): the telescoped chain at level 0, (A_0) and N̄_0 ≤ T.
 * The control without the halving takes the same premises, so it differs only in its conclusion.
 */
const CHAIN_PREMISES = [
  gt(T, 0),
  gt(SCALE, 0),
  ge(ETA, 0),
  ge(CHAIN_LENGTH, 0),
  ge(lvl('ψ', '0'), sub(div(mul(mul(CHAIN_LENGTH, c), T), 2), mul(div(ETA, SCALE), sub(P, 1)))),
  ge(lvl('N̄', '0'), add(mul(c, T), lvl('ψ', '0'))),
  le(lvl('N̄', '0'), T),
]

/** `η + Δ′`, the slack the chain's steps lose per level under a guarantee with additive slack (§8.10). */
const BUDGET = add(ETA, ADDITIVE_SLACK)

/**
 * The premises of Lemma 8.7's last step (8.2): the telescoped chain at level 0 with `η + Δ′`,
 * (A′_0) and N̄_0 ≤ T. The controls take the same premises, so they differ only in their conclusion.
 */
const SLACK_CHAIN_PREMISES = [
  gt(T, 0),
  gt(SCALE, 0),
  ge(ETA, 0),
  ge(ADDITIVE_SLACK, 0),
  ge(CHAIN_LENGTH, 0),
  ge(lvl('ψ', '0'), sub(div(mul(mul(CHAIN_LENGTH, c), T), 2), mul(div(BUDGET, SCALE), sub(P, 1)))),
  ge(lvl('N̄', '0'), sub(add(mul(c, T), lvl('ψ', '0')), div(ADDITIVE_SLACK, SCALE))),
  le(lvl('N̄', '0'), T),
]

const obligations: readonly Obligation[] = [
  {
    name: 'lemma-8.1',
    statement: 'Lemma 8.1',
    step: 'U + Π_1 + Π_2 = aN̄ + b(T − N̄) in expectation and SB = Tb give U − SB = (a − b)N̄ − Π_1 − Π_2 ≤ (a − b)N̄ − Π_1 (Π_2 ≥ 0)',
    axioms: ['expectation-monotone'],
    premises: [
      eq(add(add(v('U'), v('Π_1')), v('Π_2')), add(mul(a, v('N̄')), mul(b, sub(T, v('N̄'))))),
      eq(v('SB'), mul(T, b)),
      ge(v('Π_2'), 0),
    ],
    conclusion: and(
      eq(sub(v('U'), v('SB')), sub(sub(mul(sub(a, b), v('N̄')), v('Π_1')), v('Π_2'))),
      le(sub(v('U'), v('SB')), sub(mul(sub(a, b), v('N̄')), v('Π_1'))),
    ),
  },
  {
    name: 'lemma-8.2',
    statement: 'Lemma 8.2',
    step: 'type a playing σ_a′ earns (a′ − m) + (a − a′) per served round, Π_1(a′) + (a − a′)N̄(a′) in all; η-IC at a gives Π_1(a) ≥ Π_1(a′) + (a − a′)N̄(a′) − η',
    premises: [
      eq(v('per-round'), add(sub(aPrime, v('m')), sub(a, aPrime))),
      eq(v('Π^mimic'), add(v("Π_1(a')"), mul(sub(a, aPrime), v("N̄(a')")))),
      le(v('Π^mimic'), add(v('Π_1(a)'), ETA)),
    ],
    conclusion: and(eq(v('per-round'), sub(a, v('m'))), ge(v('Π_1(a)'), sub(add(v("Π_1(a')"), mul(sub(a, aPrime), v("N̄(a')"))), ETA))),
  },
  {
    name: 'lemma-8.3-A',
    statement: 'Lemma 8.3',
    step: '(A_k) with γ_k ≥ c: N̄_k ≥ cT + ψ_k',
    premises: [gt(T, 0), ge(lvl('γ', 'k'), c), le(mul(lvl('γ', 'k'), T), sub(lvl('N̄', 'k'), lvl('ψ', 'k')))],
    conclusion: ge(lvl('N̄', 'k'), add(mul(c, T), lvl('ψ', 'k'))),
  },
  {
    name: 'lemma-8.3-step',
    statement: 'Lemma 8.3',
    step: '(B_k) with N̄_{k+1} ≥ cT + ψ_{k+1}, Π_1,k = x_k·ψ_k and x_k = 2x_{k+1}: ψ_k ≥ ψ_{k+1} + cT/2 − η/x_k',
    premises: [
      gt(lvl('x', 'k+1'), 0),
      eq(lvl('x', 'k'), mul(2, lvl('x', 'k+1'))),
      eq(v('Π_1,k'), mul(lvl('x', 'k'), lvl('ψ', 'k'))),
      eq(v('Π_1,k+1'), mul(lvl('x', 'k+1'), lvl('ψ', 'k+1'))),
      ge(lvl('N̄', 'k+1'), add(mul(c, T), lvl('ψ', 'k+1'))),
      ge(v('Π_1,k'), sub(add(v('Π_1,k+1'), mul(lvl('x', 'k+1'), lvl('N̄', 'k+1'))), ETA)),
    ],
    conclusion: ge(lvl('ψ', 'k'), sub(add(lvl('ψ', 'k+1'), div(mul(c, T), 2)), div(ETA, lvl('x', 'k')))),
  },
  {
    name: 'lemma-8.3-telescoping-base',
    statement: 'Lemma 8.3',
    step: 'telescoping, m = 0: ψ_j ≥ 0 is the claim ψ_{j−m} ≥ m·cT/2 − (η/D)(2^j − 2^{j−m})',
    axioms: ['induction'],
    premises: [gt(SCALE, 0), ge(lvl('ψ', 'j'), 0)],
    conclusion: ge(lvl('ψ', 'j'), sub(mul(0, div(mul(c, T), 2)), mul(div(ETA, SCALE), sub(v('2^j'), v('2^j'))))),
  },
  {
    name: 'lemma-8.3-telescoping-step',
    statement: 'Lemma 8.3',
    step: 'telescoping, m → m + 1 at level i = j − m − 1: the step ψ_i ≥ ψ_{i+1} + cT/2 − η/x_i with x_i = D/2^i and the claim at i + 1 give it at i',
    axioms: ['induction'],
    premises: [
      gt(SCALE, 0),
      ge(v('2^i'), 1),
      eq(mul(lvl('x', 'i'), v('2^i')), SCALE),
      ge(lvl('ψ', 'i'), sub(add(lvl('ψ', 'i+1'), div(mul(c, T), 2)), div(ETA, lvl('x', 'i')))),
      ge(lvl('ψ', 'i+1'), sub(mul(v('m'), div(mul(c, T), 2)), mul(div(ETA, SCALE), sub(v('2^j'), mul(2, v('2^i')))))),
    ],
    conclusion: ge(lvl('ψ', 'i'), sub(mul(add(v('m'), 1), div(mul(c, T), 2)), mul(div(ETA, SCALE), sub(v('2^j'), v('2^i'))))),
  },
  {
    name: 'lemma-8.3',
    statement: 'Lemma 8.3',
    step: '(8.1): ψ_0 ≥ jcT/2 − (η/D)(2^j − 1), N̄_0 ≥ cT + ψ_0 and N̄_0 ≤ T give c ≤ (1 + ξ(2^j − 1))/(1 + j/2), the code’s term of c*',
    open: ['ξ'],
    premises: CHAIN_PREMISES,
    conclusion: le(c, IMPOSSIBILITY_TERM),
  },
  {
    name: 'theorem-3-jstar-power',
    statement: 'Theorem 3',
    step: 'j* = ⌊log_2(cDT/(2η))⌋ means 2^{j*} ≤ cDT/(2η), so ξ·2^{j*} ≤ c/2',
    open: ['ξ'],
    premises: [gt(T, 0), gt(SCALE, 0), gt(ETA, 0), gt(c, 0), gt(v('2^{j*}'), 0), le(v('2^{j*}'), div(mul(mul(c, SCALE), T), mul(2, ETA)))],
    conclusion: le(mul(THETA, v('2^{j*}')), div(c, 2)),
  },
  {
    name: 'theorem-3-jstar-lower',
    statement: 'Theorem 3',
    step: 'ln(cDT/η) ≥ 3 ln 2/c gives log_2(cDT/(2η)) = ln(cDT/η)/ln 2 − 1 ≥ 3/c − 1 ≥ 2/c (c ≤ 1), so j* > 2/c − 1',
    axioms: ['ln-monotone'],
    integers: ['j*'],
    premises: [
      gt(ln2, 0),
      within(c, 0, 1),
      gt(c, 0),
      ge(v('ln(cDT/η)'), div(mul(3, ln2), c)),
      eq(mul(v('log_2(cDT/(2η))'), ln2), sub(v('ln(cDT/η)'), ln2)),
      le(v('j*'), v('log_2(cDT/(2η))')),
      lt(v('log_2(cDT/(2η))'), add(v('j*'), 1)),
    ],
    conclusion: and(ge(v('log_2(cDT/(2η))'), div(2, c)), gt(v('j*'), sub(div(2, c), 1))),
  },
  {
    name: 'theorem-3',
    statement: 'Theorem 3',
    step: 'if γ_k ≥ c for all k ≤ j*, (8.1) at j* with ξ·2^{j*} ≤ c/2 and ξ > 0 gives j* < 2/c − 1, which contradicts j* > 2/c − 1 (theorem-3-jstar-lower): some γ_k < c',
    premises: [
      within(c, 0, 1),
      gt(c, 0),
      gt(v('ξ'), 0),
      ge(v('j*'), 0),
      le(mul(v('ξ'), v('2^{j*}')), div(c, 2)),
      le(mul(c, add(1, div(v('j*'), 2))), add(1, mul(v('ξ'), sub(v('2^{j*}'), 1)))),
    ],
    conclusion: lt(v('j*'), sub(div(2, c), 1)),
  },
  {
    name: 'proposition-8.4-first-term',
    statement: 'Proposition 8.4',
    step: 'c* ≤ 1: the code’s term at j = 0 is 1',
    open: ['ξ'],
    premises: [gt(T, 0), gt(SCALE, 0), ge(ETA, 0), eq(CHAIN_LENGTH, 0), eq(P, 1)],
    conclusion: eq(IMPOSSIBILITY_TERM, 1),
  },
  {
    name: 'proposition-8.4-eta-zero',
    statement: 'Proposition 8.4',
    step: 'η = 0 gives the code’s term 1/(1 + j/2)',
    open: ['ξ'],
    premises: [gt(T, 0), gt(SCALE, 0), eq(ETA, 0), ge(CHAIN_LENGTH, 0)],
    conclusion: eq(IMPOSSIBILITY_TERM, div(1, add(1, div(CHAIN_LENGTH, 2)))),
  },
  {
    name: 'lemma-8.7-A',
    statement: 'Lemma 8.7',
    step: '(A_k) with the guarantee U_k − SB ≥ c·x_k·T − Δ′ and Π_1,k = x_k·ψ_k: N̄_k ≥ cT + ψ_k − Δ′/x_k (A′_k)',
    premises: [
      gt(T, 0),
      gt(lvl('x', 'k'), 0),
      eq(v('Π_1,k'), mul(lvl('x', 'k'), lvl('ψ', 'k'))),
      ge(v('U_k − SB'), sub(mul(mul(c, lvl('x', 'k')), T), ADDITIVE_SLACK)),
      le(v('U_k − SB'), sub(mul(lvl('x', 'k'), lvl('N̄', 'k')), v('Π_1,k'))),
    ],
    conclusion: ge(lvl('N̄', 'k'), sub(add(mul(c, T), lvl('ψ', 'k')), div(ADDITIVE_SLACK, lvl('x', 'k')))),
  },
  {
    name: 'lemma-8.7-step',
    statement: 'Lemma 8.7',
    step: '(B_k) with (A′_{k+1}), Π_1,k = x_k·ψ_k and x_k = 2x_{k+1}: ψ_k ≥ ψ_{k+1} + cT/2 − (η + Δ′)/x_k',
    premises: [
      gt(lvl('x', 'k+1'), 0),
      eq(lvl('x', 'k'), mul(2, lvl('x', 'k+1'))),
      eq(v('Π_1,k'), mul(lvl('x', 'k'), lvl('ψ', 'k'))),
      eq(v('Π_1,k+1'), mul(lvl('x', 'k+1'), lvl('ψ', 'k+1'))),
      ge(lvl('N̄', 'k+1'), sub(add(mul(c, T), lvl('ψ', 'k+1')), div(ADDITIVE_SLACK, lvl('x', 'k+1')))),
      ge(v('Π_1,k'), sub(add(v('Π_1,k+1'), mul(lvl('x', 'k+1'), lvl('N̄', 'k+1'))), ETA)),
    ],
    conclusion: ge(lvl('ψ', 'k'), sub(add(lvl('ψ', 'k+1'), div(mul(c, T), 2)), div(BUDGET, lvl('x', 'k')))),
  },
  {
    name: 'lemma-8.7-telescoping-step',
    statement: 'Lemma 8.7',
    step: 'telescoping with η + Δ′ in place of η, m → m + 1 at level i = j − m − 1 (the base m = 0 is ψ_j ≥ 0)',
    axioms: ['induction'],
    premises: [
      gt(SCALE, 0),
      ge(v('2^i'), 1),
      eq(mul(lvl('x', 'i'), v('2^i')), SCALE),
      ge(lvl('ψ', 'i'), sub(add(lvl('ψ', 'i+1'), div(mul(c, T), 2)), div(BUDGET, lvl('x', 'i')))),
      ge(lvl('ψ', 'i+1'), sub(mul(v('m'), div(mul(c, T), 2)), mul(div(BUDGET, SCALE), sub(v('2^j'), mul(2, v('2^i')))))),
    ],
    conclusion: ge(lvl('ψ', 'i'), sub(mul(add(v('m'), 1), div(mul(c, T), 2)), mul(div(BUDGET, SCALE), sub(v('2^j'), v('2^i'))))),
  },
  {
    name: 'lemma-8.7',
    statement: 'Lemma 8.7',
    step: '(8.2): ψ_0 ≥ jcT/2 − ((η + Δ′)/D)(2^j − 1), N̄_0 ≥ cT + ψ_0 − Δ′/D and N̄_0 ≤ T give c ≤ (1 + ξ(2^j − 1) + ξ′·2^j)/(1 + j/2), the code’s term of c* with slack',
    open: ['ξ', 'ξ′'],
    premises: SLACK_CHAIN_PREMISES,
    conclusion: le(c, IMPOSSIBILITY_TERM_WITH_SLACK),
  },
  {
    name: 'proposition-8.8-zero-slack',
    statement: 'Proposition 8.8',
    step: 'Δ′ = 0 gives the term of c* without slack (Proposition 8.4)',
    open: ['ξ', 'ξ′'],
    premises: [gt(T, 0), gt(SCALE, 0), ge(ETA, 0), eq(ADDITIVE_SLACK, 0), ge(CHAIN_LENGTH, 0)],
    conclusion: eq(IMPOSSIBILITY_TERM_WITH_SLACK, IMPOSSIBILITY_TERM),
  },
  {
    name: 'theorem-3-slack-jstar-power',
    statement: 'Theorem 3′',
    step: 'j′ = ⌊log_2(cDT/(2(η + Δ′)))⌋ means 2^{j′} ≤ cDT/(2(η + Δ′)), so (ξ + ξ′)·2^{j′} ≤ c/2',
    open: ['ξ', 'ξ′'],
    premises: [
      gt(T, 0),
      gt(SCALE, 0),
      ge(ETA, 0),
      ge(ADDITIVE_SLACK, 0),
      gt(BUDGET, 0),
      gt(c, 0),
      gt(v("2^{j'}"), 0),
      le(v("2^{j'}"), div(mul(mul(c, SCALE), T), mul(2, BUDGET))),
    ],
    conclusion: le(mul(add(THETA, THETA_SLACK), v("2^{j'}")), div(c, 2)),
  },
  {
    name: 'theorem-3-slack-jstar-lower',
    statement: 'Theorem 3′',
    step: 'ln(cDT/(η + Δ′)) ≥ 3 ln 2/c gives log_2(cDT/(2(η + Δ′))) ≥ 3/c − 1 ≥ 2/c (c ≤ 1), so j′ > 2/c − 1',
    axioms: ['ln-monotone'],
    integers: ["j'"],
    premises: [
      gt(ln2, 0),
      within(c, 0, 1),
      gt(c, 0),
      ge(v('ln(cDT/(η+Δ′))'), div(mul(3, ln2), c)),
      eq(mul(v('log_2(cDT/(2(η+Δ′)))'), ln2), sub(v('ln(cDT/(η+Δ′))'), ln2)),
      le(v("j'"), v('log_2(cDT/(2(η+Δ′)))')),
      lt(v('log_2(cDT/(2(η+Δ′)))'), add(v("j'"), 1)),
    ],
    conclusion: gt(v("j'"), sub(div(2, c), 1)),
  },
  {
    name: 'theorem-3-slack',
    statement: 'Theorem 3′',
    step: 'if the guarantee holds at every k ≤ j′, (8.2) at j′ with (ξ + ξ′)·2^{j′} ≤ c/2 gives j′ ≤ 2/c − 1, which contradicts j′ > 2/c − 1; equivalently the term of c* at j′ is below c',
    premises: [
      within(c, 0, 1),
      gt(c, 0),
      ge(v('ξ'), 0),
      ge(v('ξ′'), 0),
      ge(v("j'"), 0),
      ge(v("2^{j'}"), 1),
      le(mul(add(v('ξ'), v('ξ′')), v("2^{j'}")), div(c, 2)),
    ],
    conclusion: and(
      implies(
        le(mul(c, add(1, div(v("j'"), 2))), add(add(1, mul(v('ξ'), sub(v("2^{j'}"), 1))), mul(v('ξ′'), v("2^{j'}")))),
        le(v("j'"), sub(div(2, c), 1)),
      ),
      implies(
        gt(v("j'"), sub(div(2, c), 1)),
        lt(div(add(add(1, mul(v('ξ'), sub(v("2^{j'}"), 1))), mul(v('ξ′'), v("2^{j'}"))), add(1, div(v("j'"), 2))), c),
      ),
    ),
  },
  {
    name: 'proposition-8.5-truthful',
    statement: 'Proposition 8.5',
    step: 'truthful play on ℰ: τ_T ≥ λ(a − r) + (1 − λ)(b − r) − r, so the profit per round a − τ_T ≤ (1 − λ)(a − b) + 2r',
    premises: [within(lambda, 0, 1), ge(r, 0), ge(v('τ_T'), sub(add(mul(lambda, sub(a, r)), mul(sub(1, lambda), sub(b, r))), r))],
    conclusion: le(sub(a, v('τ_T')), add(mul(sub(1, lambda), sub(a, b)), mul(2, r))),
  },
  {
    name: 'proposition-8.5-mimicry',
    statement: 'Proposition 8.5',
    step: 'mimicry of a′ = b + 2r on ℰ: Û_1 ≥ b + r ≥ Û_2 keeps the rank; τ_M ≤ λ(a′ + r) + (1 − λ)(b + r) − r = λa′ + (1 − λ)b ≤ a′; profit a − τ_M ≥ (1 − λ)(a − b) + λ(a − a′)',
    premises: [
      within(lambda, 0, 1),
      ge(r, 0),
      gt(sub(a, b), mul(2, r)),
      eq(aPrime, add(b, mul(2, r))),
      within(v('Û_1'), sub(aPrime, r), add(aPrime, r)),
      within(v('Û_2'), sub(b, r), add(b, r)),
      le(v('τ_M'), sub(add(mul(lambda, v('Û_1')), mul(sub(1, lambda), v('Û_2'))), r)),
    ],
    conclusion: and(
      ge(v('Û_1'), v('Û_2')),
      le(v('τ_M'), aPrime),
      ge(sub(a, v('τ_M')), add(mul(sub(1, lambda), sub(a, b)), mul(lambda, sub(a, aPrime)))),
    ),
  },
  {
    name: 'proposition-8.5-gain',
    statement: 'Proposition 8.5',
    step: 'the per-round difference of mimicry over truthful play is at least λ(a − b) − 2r(1 + λ)',
    premises: [
      within(lambda, 0, 1),
      ge(r, 0),
      eq(aPrime, add(b, mul(2, r))),
      le(v('truthful'), add(mul(sub(1, lambda), sub(a, b)), mul(2, r))),
      ge(v('mimic'), add(mul(sub(1, lambda), sub(a, b)), mul(lambda, sub(a, aPrime)))),
    ],
    conclusion: ge(sub(v('mimic'), v('truthful')), sub(mul(lambda, sub(a, b)), mul(mul(2, r), add(1, lambda)))),
  },
  {
    name: 'proposition-8.5-best-response',
    statement: 'Proposition 8.5',
    step: 'Lemma 8.1 with N̄ ≤ T and Π_1^BR ≥ K_X(a − b − 2λr) − 2R give U − SB ≤ (a − b)(n+1)L + 2λrK_X + 2R',
    premises: [
      gt(sub(a, b), 0),
      ge(v('n'), 2),
      eq(add(K, mul(add(v('n'), 1), v('L'))), T),
      within(v('N̄'), 0, T),
      le(sub(v('U'), v('SB')), sub(mul(sub(a, b), v('N̄')), v('Π_1^BR'))),
      ge(v('Π_1^BR'), sub(mul(K, sub(sub(a, b), mul(mul(2, lambda), r))), mul(2, R))),
    ],
    conclusion: le(sub(v('U'), v('SB')), add(add(mul(mul(sub(a, b), add(v('n'), 1)), v('L')), mul(mul(mul(2, lambda), r), K)), mul(2, R))),
  },
]

const controls: readonly NegativeControl[] = [
  {
    name: 'control-chain-without-halving',
    statement: 'Lemma 8.3',
    wrong: 'the chain with 1 + j in place of 1 + j/2 (a full cT per level instead of cT/2)',
    step: 'c ≤ (1 + ξ(2^j − 1))/(1 + j)',
    open: ['ξ'],
    premises: [...CHAIN_PREMISES, ge(P, 1)],
    conclusion: le(c, div(add(1, mul(THETA, sub(P, 1))), add(1, CHAIN_LENGTH))),
  },
  {
    name: 'control-constant-2ln2',
    statement: 'Theorem 3',
    wrong: 'C = 2 ln 2 in place of 3 ln 2: log_2(cDT/(2η)) ≥ 2/c − 1 leaves room for j* ≤ 2/c − 1',
    step: 'j* > 2/c − 1',
    integers: ['j*'],
    premises: [
      gt(ln2, 0),
      within(c, 0, 1),
      gt(c, 0),
      ge(v('ln(cDT/η)'), div(mul(2, ln2), c)),
      eq(mul(v('log_2(cDT/(2η))'), ln2), sub(v('ln(cDT/η)'), ln2)),
      le(v('j*'), v('log_2(cDT/(2η))')),
      lt(v('log_2(cDT/(2η))'), add(v('j*'), 1)),
    ],
    conclusion: gt(v('j*'), sub(div(2, c), 1)),
  },
  {
    name: 'control-slack-dropped',
    statement: 'Lemma 8.7',
    wrong: 'the chain with slack but the bound of Lemma 8.3 (Δ′ dropped from the conclusion)',
    step: 'c ≤ (1 + ξ(2^j − 1))/(1 + j/2)',
    open: ['ξ', 'ξ′'],
    premises: SLACK_CHAIN_PREMISES,
    conclusion: le(c, IMPOSSIBILITY_TERM),
  },
  {
    name: 'control-slack-top-level-dropped',
    statement: 'Lemma 8.7',
    wrong: 'ξ′·(2^j − 1) in place of ξ′·2^j: the Δ′/D that (A′_0) adds at the top level forgotten',
    step: 'c ≤ (1 + (ξ + ξ′)(2^j − 1))/(1 + j/2)',
    open: ['ξ', 'ξ′'],
    premises: SLACK_CHAIN_PREMISES,
    conclusion: le(c, div(add(1, mul(add(THETA, THETA_SLACK), sub(P, 1))), add(1, div(CHAIN_LENGTH, 2)))),
  },
]

/** The obligations of proofs-notes §8 (Theorems 3 and 3′). */
export const THEOREM_3: NoteObligations = {
  section: '§8',
  note: 'impossibility.md',
  statements: [
    'Theorem 3',
    'Lemma 8.1',
    'Lemma 8.2',
    'Lemma 8.3',
    'Proposition 8.4',
    'Proposition 8.5',
    'Lemma 8.6',
    'Theorem 3′',
    'Lemma 8.7',
    'Proposition 8.8',
  ],
  obligations,
  controls,
  prose: [
    {
      statement: 'Lemma 8.2',
      step: 'mimicry reproduces the joint law of history, allocation and transfers of I_a′',
      reason: 'a statement about laws of random processes (type separability, §8.3), not an inequality',
    },
    {
      statement: 'Proposition 8.4',
      step: 'c = min_k γ_k ≤ min_j term_j',
      reason: 'a minimum over the finitely many j ≤ K of the instances of lemma-8.3',
    },
    {
      statement: 'Proposition 8.5',
      step: 'the failure events cost at most 3R, and the grid variant with 4λr',
      reason: 'the same combination as theorem-1-step-ii-value and proposition-6.1-*, with profits at most R per round',
    },
    {
      statement: 'Lemma 8.6',
      step: 'the whole lemma',
      reason: 'checked in exact rationals by properties/extremal-chain.ts on random grids',
    },
    {
      statement: 'Proposition 8.8',
      step: 'c = min_k (U_k − SB + Δ′)/(x_k·T) ≤ min_j term_j, and the general-grid form',
      reason:
        'a minimum over the finitely many j ≤ K of the instances of lemma-8.7; the general grid is checked in exact rationals on random grids',
    },
  ],
}
