/**
 * One description of a formula, several interpretations (proofs-notes §12.2).
 *
 * The mechanism's constants and the theorems' bounds (`L`, `r`, `c(j)`, `K_X`, `η_on`, `η_off`,
 * `G_i`, `Δ(T)`, the excess bound, the terms of `c*`) are written once as an {@link Expr} tree.
 * The code evaluates the tree in the project's `Decimal` ({@link evaluateDecimal}) or as an exact
 * fraction ({@link evaluateFraction}); the proof obligations translate the same tree to a Z3 term
 * (in `properties/obligations/`, where the solver lives). Changing a formula here changes both.
 *
 * The Decimal interpretation performs exactly one decimal.js operation per node, in tree order
 * (left operand first): a tree written in the order of a hand-written chain such as
 * `R.times(ℓ.times(j).div(2).sqrt())` reproduces that chain's result digit for digit.
 *
 * @module
 */
import { ceilPow } from './ceil-pow.ts'
import { Decimal } from './decimal.ts'

/** A binary arithmetic operator. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max'

/**
 * A formula over named quantities.
 *
 * - `num`: an exact decimal literal;
 * - `var`: a named quantity, bound by the environment;
 * - `named`: a sub-formula with a name (`r`, `ℓ`, `K_X`): an interpretation may take its value from
 *   the environment (the code caches `r` and `ℓ`) and the Z3 translation introduces it as a variable
 *   defined by its body;
 * - `pow`: `base^k` for a literal non-negative integer `k`, or `2^j` for an integer quantity `j`;
 * - `sqrt`, `ln`: the functions; the Z3 translation abstracts them (proofs-notes §12.3);
 * - `ceilPow`: `⌈base^exponent⌉` as {@link ceilPow} computes it (proofs-notes §3.4).
 */
export type Expr =
  | { readonly op: 'num'; readonly value: string }
  | { readonly op: 'var'; readonly name: string }
  | { readonly op: 'named'; readonly name: string; readonly body: Expr }
  | { readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly op: 'pow'; readonly base: Expr; readonly exponent: Expr }
  | { readonly op: 'sqrt' | 'ln'; readonly arg: Expr }
  | { readonly op: 'ceilPow'; readonly base: Expr; readonly exponent: Expr }

/** What a builder accepts as an operand: an expression, or a literal number or decimal string. */
export type Operand = Expr | number | string

/** An operand as an expression (numbers and strings become exact literals). */
export const lift = (x: Operand): Expr => (typeof x === 'object' ? x : { op: 'num', value: new Decimal(x).toString() })

/** A named quantity. */
export const v = (name: string): Expr => ({ op: 'var', name })
/** A literal. */
export const num = (x: number | string): Expr => lift(x)
/** `body`, known under `name`. */
export const named = (name: string, body: Expr): Expr => ({ op: 'named', name, body })

const binary =
  (op: BinaryOp) =>
  (left: Operand, right: Operand): Expr => ({ op, left: lift(left), right: lift(right) })

/** `a + b`. */
export const add = binary('add')
/** `a − b`. */
export const sub = binary('sub')
/** `a · b`. */
export const mul = binary('mul')
/** `a / b`. */
export const div = binary('div')
/** `min(a, b)`. */
export const min = binary('min')
/** `max(a, b)`. */
export const max = binary('max')
/** `base^exponent` (a literal non-negative integer exponent, or `2^j`). */
export const pow = (base: Operand, exponent: Operand): Expr => ({ op: 'pow', base: lift(base), exponent: lift(exponent) })
/** `√a`. */
export const sqrt = (arg: Operand): Expr => ({ op: 'sqrt', arg: lift(arg) })
/** `ln a`. */
export const ln = (arg: Operand): Expr => ({ op: 'ln', arg: lift(arg) })
/** `⌈base^exponent⌉` for a positive integer base and an exponent in `(0, 1]`. */
export const ceilPowOf = (base: Operand, exponent: Operand): Expr => ({ op: 'ceilPow', base: lift(base), exponent: lift(exponent) })

/** Values of the named quantities. A `named` sub-formula found here is not re-evaluated. */
export type DecimalEnv = Readonly<Record<string, Decimal | number>>

const asDecimal = (x: Decimal | number): Decimal => (typeof x === 'number' ? new Decimal(x) : x)

/**
 * The formula in the project's `Decimal`, one decimal.js operation per node. Throws `RangeError`
 * for an unbound quantity (a programming error: every caller binds the formula's quantities).
 */
export const evaluateDecimal = (e: Expr, env: DecimalEnv): Decimal => {
  const go = (x: Expr): Decimal => {
    switch (x.op) {
      case 'num':
        return new Decimal(x.value)
      case 'var': {
        const value = env[x.name]
        if (value === undefined) throw new RangeError(`expression: no value for ${x.name}`)
        return asDecimal(value)
      }
      case 'named': {
        const value = env[x.name]
        return value === undefined ? go(x.body) : asDecimal(value)
      }
      case 'add':
        return go(x.left).plus(go(x.right))
      case 'sub':
        return go(x.left).minus(go(x.right))
      case 'mul':
        return go(x.left).times(go(x.right))
      case 'div':
        return go(x.left).div(go(x.right))
      case 'min': {
        const [a, b] = [go(x.left), go(x.right)]
        return a.lte(b) ? a : b
      }
      case 'max': {
        const [a, b] = [go(x.left), go(x.right)]
        return a.gte(b) ? a : b
      }
      case 'pow':
        return go(x.base).pow(go(x.exponent))
      case 'sqrt':
        return go(x.arg).sqrt()
      case 'ln':
        return go(x.arg).ln()
      case 'ceilPow':
        return new Decimal(ceilPow(go(x.base).toNumber(), go(x.exponent)))
    }
  }
  return go(e)
}

/** An exact rational `num/den` with `den > 0` (not necessarily in lowest terms). */
export interface Rational {
  /** Numerator. */
  readonly num: bigint
  /** Denominator (> 0). */
  readonly den: bigint
}

/** Values of the named quantities as exact rationals. */
export type RationalEnv = Readonly<Record<string, Rational>>

const ratio = (num: bigint, den: bigint): Rational => (den < 0n ? { num: -num, den: -den } : { num, den })

/**
 * The formula as an exact rational, for formulas without `sqrt`, `ln` and `ceilPow`: sums over a
 * common denominator, products, quotients and `2^j` in bigints, no rounding. Throws `RangeError`
 * for an irrational operation, an unbound quantity, a division by zero or a non-integer exponent.
 */
export const evaluateFraction = (e: Expr, env: RationalEnv): Rational => {
  const go = (x: Expr): Rational => {
    switch (x.op) {
      case 'num': {
        const d = new Decimal(x.value)
        const den = 10n ** BigInt(d.decimalPlaces())
        return { num: BigInt(d.times(den.toString()).toFixed(0)), den }
      }
      case 'var': {
        const value = env[x.name]
        if (value === undefined) throw new RangeError(`expression: no value for ${x.name}`)
        return value
      }
      case 'named':
        return env[x.name] ?? go(x.body)
      case 'add':
      case 'sub': {
        const [a, b] = [go(x.left), go(x.right)]
        const sign = x.op === 'add' ? 1n : -1n
        return ratio(a.num * b.den + sign * b.num * a.den, a.den * b.den)
      }
      case 'mul': {
        const [a, b] = [go(x.left), go(x.right)]
        return ratio(a.num * b.num, a.den * b.den)
      }
      case 'div': {
        const [a, b] = [go(x.left), go(x.right)]
        if (b.num === 0n) throw new RangeError('expression: division by zero')
        return ratio(a.num * b.den, a.den * b.num)
      }
      case 'min':
      case 'max': {
        const [a, b] = [go(x.left), go(x.right)]
        const aBelow = a.num * b.den <= b.num * a.den
        return (x.op === 'min') === aBelow ? a : b
      }
      case 'pow': {
        const [base, k] = [go(x.base), go(x.exponent)]
        if (k.den !== 1n || k.num < 0n) throw new RangeError('expression: a power needs a non-negative integer exponent')
        return ratio(base.num ** k.num, base.den ** k.num)
      }
      case 'sqrt':
      case 'ln':
      case 'ceilPow':
        throw new RangeError(`expression: ${x.op} has no exact rational value`)
    }
  }
  return go(e)
}

/** The quantities a formula refers to (`var` nodes, and `named` nodes by their name), sorted. */
export const quantitiesOf = (e: Expr): readonly string[] => {
  const names = new Set<string>()
  const go = (x: Expr): void => {
    switch (x.op) {
      case 'num':
        break
      case 'var':
        names.add(x.name)
        break
      case 'named':
        names.add(x.name)
        go(x.body)
        break
      case 'sqrt':
      case 'ln':
        go(x.arg)
        break
      case 'pow':
      case 'ceilPow':
        go(x.base)
        go(x.exponent)
        break
      default:
        go(x.left)
        go(x.right)
    }
  }
  go(e)
  return [...names].sort()
}

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { add: 1, sub: 1, mul: 2, div: 2, min: 3, max: 3 }

/** The formula in the notes' notation (`R·√(ℓ·j / 2)`), for counterexamples and reports. */
export const show = (e: Expr): string => {
  const go = (x: Expr, outer: number): string => {
    switch (x.op) {
      case 'num':
        return x.value
      case 'var':
      case 'named':
        return x.name
      case 'sqrt':
        return `√(${go(x.arg, 0)})`
      case 'ln':
        return `ln(${go(x.arg, 0)})`
      case 'pow':
        return `${go(x.base, 4)}^${go(x.exponent, 4)}`
      case 'ceilPow':
        return `⌈${go(x.base, 4)}^(${go(x.exponent, 0)})⌉`
      case 'min':
      case 'max':
        return `${x.op}(${go(x.left, 0)}, ${go(x.right, 0)})`
      default: {
        const p = PRECEDENCE[x.op]
        const sym = { add: ' + ', sub: ' − ', mul: '·', div: ' / ' }[x.op]
        // Right operands of − and / need brackets at equal precedence.
        const text = `${go(x.left, p)}${sym}${go(x.right, x.op === 'sub' || x.op === 'div' ? p + 0.5 : p)}`
        return p < outer ? `(${text})` : text
      }
    }
  }
  return go(e, 0)
}
