/**
 * The Z3 interpretation of the formula descriptions and the discharge of proof obligations
 * (proofs-notes §12.2, §12.3). Z3 (`z3-solver`, WebAssembly) is a development dependency, so this
 * translation lives with the suite, not in `src/`.
 *
 * Abstractions, each written where the translation makes it:
 * - `√a` becomes a fresh real `s` with `s ≥ 0 ∧ s² = a`;
 * - `ln a` becomes a fresh real; the only facts about it are the ones an obligation states (the
 *   instances of the axioms `exp-of-ln`, `ln-monotone`), since Z3 knows no logarithm;
 * - `2^j` (a symbolic exponent) becomes a fresh real `P` with `P ≥ 1` when `j ≥ 0`;
 * - `⌈T^e⌉` becomes a fresh integer `c` with `p ≤ c < p + 1`, where `p = T^e` is a fresh real with
 *   `T ≥ 1 ∧ 0 < e ≤ 1 ⇒ 1 ≤ p ≤ T`;
 * - a named sub-formula (`r`, `ℓ`, `K_X`, `L`) is a variable of its own; an obligation that uses its
 *   definition opens it, which adds `name = body`.
 * Equal sub-formulas share their fresh variable (they are keyed by their printed form).
 *
 * @module
 */
import { type Arith as Z3Arith, type Bool as Z3Bool, type Context, type Solver, init } from 'z3-solver'
import { type Expr, show } from '../../src/exact/expression.ts'
import type { Obligation, Prop } from '../../src/obligations/proposition.ts'

type Api = Awaited<ReturnType<typeof init>>
type Z3Context = Context<'main'>
type Arith = Z3Arith<'main'>
type Bool = Z3Bool<'main'>

let session: Promise<{ readonly api: Api; readonly ctx: Z3Context }> | undefined

/** The one Z3 context of this process (initialized on first use). */
export const z3 = (): Promise<{ readonly api: Api; readonly ctx: Z3Context }> => {
  session ??= init().then((api) => ({ api, ctx: api.Context('main') }))
  return session
}

/** A translated obligation: its premises (with the abstraction facts), conclusion and variables. */
interface Translation {
  readonly premises: readonly Bool[]
  readonly conclusion: Bool
  /** Every variable, by its name in the notes' notation. */
  readonly variables: ReadonlyMap<string, Arith>
}

const translate = (ctx: Z3Context, o: Obligation): Translation => {
  const variables = new Map<string, Arith>()
  const facts: Bool[] = []
  const integers = new Set(o.integers ?? [])
  const open = new Set(o.open ?? [])
  const variable = (name: string): Arith => {
    const known = variables.get(name)
    if (known !== undefined) return known
    // Integers are Int constants seen through to_real: linear integer arithmetic stays in the
    // solver's integer theory instead of is_int constraints on reals.
    const x = integers.has(name) ? (ctx.ToReal(ctx.Int.const(name)) as Arith) : ctx.Real.const(name)
    variables.set(name, x)
    return x
  }
  /** A fresh variable for an abstracted sub-formula, created once per printed form. */
  const fresh = (key: string, define: (x: Arith) => readonly Bool[]): Arith => {
    const known = variables.get(key)
    if (known !== undefined) return known
    const x = ctx.Real.const(key)
    variables.set(key, x)
    facts.push(...define(x))
    return x
  }
  const term = (e: Expr): Arith => {
    switch (e.op) {
      case 'num':
        return ctx.Real.val(e.value)
      case 'var':
        return variable(e.name)
      case 'named': {
        const known = variables.has(e.name)
        const x = variable(e.name)
        if (!known && open.has(e.name)) facts.push(x.eq(term(e.body)))
        return x
      }
      case 'add':
        return term(e.left).add(term(e.right))
      case 'sub':
        return term(e.left).sub(term(e.right))
      case 'mul':
        return term(e.left).mul(term(e.right))
      case 'div':
        return term(e.left).div(term(e.right))
      case 'min': {
        const [a, b] = [term(e.left), term(e.right)]
        return ctx.If(a.le(b), a, b) as Arith
      }
      case 'max': {
        const [a, b] = [term(e.left), term(e.right)]
        return ctx.If(a.ge(b), a, b) as Arith
      }
      case 'pow': {
        if (e.exponent.op === 'num') {
          const k = Number(e.exponent.value)
          if (!Number.isInteger(k) || k < 0 || k > 4) throw new RangeError(`z3: unsupported power ${show(e)}`)
          const base = term(e.base)
          let acc: Arith = ctx.Real.val(1)
          for (let i = 0; i < k; i++) acc = i === 0 ? base : acc.mul(base)
          return acc
        }
        // 2^j for a symbolic j: a fresh P ≥ 1 when j ≥ 0 (the obligations state what else they use).
        const j = term(e.exponent)
        return fresh(show(e), (P) => [ctx.Implies(j.ge(0), P.ge(1))])
      }
      case 'sqrt': {
        // √a: s ≥ 0 ∧ s² = a.
        const a = term(e.arg)
        return fresh(show(e), (s) => [s.ge(0), s.mul(s).eq(a)])
      }
      case 'ln':
        // ln a: no facts here; an obligation states the instances of exp-of-ln / ln-monotone it uses.
        term(e.arg)
        return fresh(show(e), () => [])
      case 'ceilPow': {
        // ⌈T^e⌉: an integer c with p ≤ c < p + 1, p = T^e with T ≥ 1 ∧ 0 < e ≤ 1 ⇒ 1 ≤ p ≤ T.
        const [base, exponent] = [term(e.base), term(e.exponent)]
        const p = fresh(`${show(e.base)}^(${show(e.exponent)})`, (p) => [
          ctx.Implies(ctx.And(base.ge(1), exponent.gt(0), exponent.le(1)), ctx.And(p.ge(1), p.le(base))),
        ])
        const key = show(e)
        const known = variables.get(key)
        if (known !== undefined) return known
        const c = ctx.ToReal(ctx.Int.const(key)) as Arith
        variables.set(key, c)
        facts.push(p.le(c), c.lt(p.add(1)))
        return c
      }
    }
  }
  const prop = (p: Prop): Bool => {
    switch (p.op) {
      case 'le':
        return term(p.left).le(term(p.right))
      case 'lt':
        return term(p.left).lt(term(p.right))
      case 'eq':
        return term(p.left).eq(term(p.right))
      case 'ge':
        return term(p.left).ge(term(p.right))
      case 'gt':
        return term(p.left).gt(term(p.right))
      case 'and':
        return ctx.And(...p.args.map(prop))
      case 'or':
        return ctx.Or(...p.args.map(prop))
      case 'not':
        return ctx.Not(prop(p.arg))
      case 'implies':
        return ctx.Implies(prop(p.premise), prop(p.conclusion))
      case 'false':
        return ctx.Bool.val(false)
    }
  }
  const premises = o.premises.map(prop)
  const conclusion = prop(o.conclusion)
  // Declared integers that occur nowhere else still get their integrality.
  for (const name of integers) variable(name)
  return { premises: [...premises, ...facts], conclusion, variables }
}

/** The outcome of one solver call. */
export type Verdict = 'unsat' | 'sat' | 'timeout' | 'unknown'

/** What the solver said about an obligation. */
export interface Discharge {
  /** `unsat` for `premises ∧ ¬conclusion`: the obligation is proved. */
  readonly verdict: Verdict
  /** `sat` for the premises alone: they are not contradictory. */
  readonly premisesSatisfiable: Verdict
  /** The counterexample (the model of `premises ∧ ¬conclusion`) when there is one, in the notes' names. */
  readonly counterexample?: string
  /** Why the solver gave up, when it did. */
  readonly reason?: string
  /** Wall time of both calls (ms). */
  readonly ms: number
}

const valueText = (api: Api, ctx: Z3Context, value: Arith): string => {
  try {
    const exact = value.toString()
    if (/^-?\d+(\/\d+)?$/.test(exact) || /^-?\d+(\.\d+)?$/.test(exact)) {
      const [num, den] = exact.split('/')
      return den === undefined ? exact : `${exact} ≈ ${(Number(num) / Number(den)).toPrecision(8)}`
    }
    return `≈ ${api.Z3.get_numeral_decimal_string(ctx.ptr, value.ptr, 8)}`
  } catch {
    return value.toString()
  }
}

const check = async (
  ctx: Z3Context,
  assertions: readonly Bool[],
  timeoutMs: number,
): Promise<{ readonly verdict: Verdict; readonly reason?: string; readonly solver: Solver<'main'> }> => {
  const solver = new ctx.Solver()
  solver.set('timeout', timeoutMs)
  for (const a of assertions) solver.add(a)
  const result = await solver.check()
  if (result !== 'unknown') return { verdict: result, solver }
  const reason = solver.reasonUnknown()
  return { verdict: /timeout|canceled/.test(reason) ? 'timeout' : 'unknown', reason, solver }
}

/**
 * Discharges an obligation: `premises ∧ ¬conclusion` must be `unsat`, and the premises alone `sat`
 * (no proof from contradictory premises). Each call has its own timeout; a timeout is not a proof.
 */
export const discharge = async (o: Obligation, timeoutMs: number): Promise<Discharge> => {
  const { api, ctx } = await z3()
  const started = performance.now()
  const t = translate(ctx, o)
  const negated = await check(ctx, [...t.premises, ctx.Not(t.conclusion)], timeoutMs)
  const premises = await check(ctx, t.premises, timeoutMs)
  const ms = performance.now() - started
  const counterexample =
    negated.verdict === 'sat'
      ? (() => {
          const model = negated.solver.model()
          return [...t.variables].map(([name, x]) => `${name} = ${valueText(api, ctx, model.eval(x, true) as Arith)}`).join(', ')
        })()
      : undefined
  const reason = negated.reason ?? premises.reason
  return {
    verdict: negated.verdict,
    premisesSatisfiable: premises.verdict,
    ms,
    ...(counterexample === undefined ? {} : { counterexample }),
    ...(reason === undefined ? {} : { reason }),
  }
}
