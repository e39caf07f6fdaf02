/**
 * Proof obligations as data (proofs-notes §12): what an obligation is, and the propositions its
 * premises and conclusion are made of.
 *
 * This room holds the deterministic steps of the proofs of §1, §3 and §6–§8 as
 * `premises ⇒ conclusion` over the formula descriptions of `src/exact/expression.ts`, universally
 * quantified over the quantities they mention. It is plain data with no solver in it: the Z3
 * translation that discharges the obligations lives with the suite in `properties/obligations/`,
 * because Z3 (`z3-solver`, WebAssembly) is a development dependency and nothing the package
 * exports may load it. The room is not exported from `src/index.ts`; it sits above `src/theory`
 * (it reads the bound descriptions) and nothing imports it but the suite and the benchmark.
 *
 * @module
 */
import { type Expr, type Operand, lift } from '../exact/expression.ts'

/** A comparison between two formulas. */
export type Comparison = 'le' | 'lt' | 'eq' | 'ge' | 'gt'

/** A proposition over the formulas' quantities. */
export type Prop =
  | { readonly op: Comparison; readonly left: Expr; readonly right: Expr }
  | { readonly op: 'and' | 'or'; readonly args: readonly Prop[] }
  | { readonly op: 'not'; readonly arg: Prop }
  | { readonly op: 'implies'; readonly premise: Prop; readonly conclusion: Prop }
  | { readonly op: 'false' }

const comparison =
  (op: Comparison) =>
  (left: Operand, right: Operand): Prop => ({ op, left: lift(left), right: lift(right) })

/** `a ≤ b`. */
export const le = comparison('le')
/** `a < b`. */
export const lt = comparison('lt')
/** `a = b`. */
export const eq = comparison('eq')
/** `a ≥ b`. */
export const ge = comparison('ge')
/** `a > b`. */
export const gt = comparison('gt')
/** All of `args`. */
export const and = (...args: readonly Prop[]): Prop => ({ op: 'and', args })
/** One of `args`. */
export const or = (...args: readonly Prop[]): Prop => ({ op: 'or', args })
/** Not `arg`. */
export const not = (arg: Prop): Prop => ({ op: 'not', arg })
/** `premise ⇒ conclusion`. */
export const implies = (premise: Prop, conclusion: Prop): Prop => ({ op: 'implies', premise, conclusion })
/** Falsity (the conclusion of a proof by contradiction). */
export const FALSE: Prop = { op: 'false' }
/** `lo ≤ x ≤ hi`. */
export const within = (x: Operand, lo: Operand, hi: Operand): Prop => and(le(lo, x), le(x, hi))

/** The name of an axiom of {@link ./axioms.ts}. */
export type AxiomName =
  | 'hoeffding'
  | 'azuma-hoeffding'
  | 'union-bound'
  | 'optional-stopping'
  | 'total-expectation'
  | 'expectation-monotone'
  | 'exp-of-ln'
  | 'ln-monotone'
  | 'induction'

/**
 * One deterministic step of a proof: for all values of its quantities (reals; the listed ones
 * integers), the premises imply the conclusion. The axioms it combines appear as premises (their
 * instances), and are named in `axioms`.
 */
export interface Obligation {
  /** Named after the statement it checks: `lemma-6.5a-fired`, `proposition-7.1-lower`. */
  readonly name: string
  /** The statement of the notes it belongs to: `Lemma 6.5`, `Theorem 1`. */
  readonly statement: string
  /** The step, in the notes' words. */
  readonly step: string
  /** Quantities that are integers (the others range over the reals). */
  readonly integers?: readonly string[]
  /** Named sub-formulas (`r`, `ℓ`, `K_X`, `L`) whose definitions the step uses; others stay opaque. */
  readonly open?: readonly string[]
  /** What may be assumed. */
  readonly premises: readonly Prop[]
  /** What follows. */
  readonly conclusion: Prop
  /** The axioms whose instances appear among the premises. */
  readonly axioms?: readonly AxiomName[]
}

/** A deliberately wrong variant of a step: the solver must find a counterexample. */
export interface NegativeControl extends Obligation {
  /** What is wrong with it. */
  readonly wrong: string
}

/** A step that remains prose, and why. */
export interface ProseStep {
  /** The statement it belongs to. */
  readonly statement: string
  /** The step. */
  readonly step: string
  /** Why it is not an obligation. */
  readonly reason: string
}

/** The obligations of one note. */
export interface NoteObligations {
  /** The note's section, e.g. `§6`. */
  readonly section: string
  /** The note's file in proofs-notes. */
  readonly note: string
  /** The statements of the note, in order. */
  readonly statements: readonly string[]
  /** The obligations. */
  readonly obligations: readonly Obligation[]
  /** The negative controls. */
  readonly controls: readonly NegativeControl[]
  /** The steps that remain prose. */
  readonly prose: readonly ProseStep[]
}
