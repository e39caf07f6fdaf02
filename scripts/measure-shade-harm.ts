/**
 * The paired (common-seed) differences behind proofs-notes §14.8: on the two-provider example, SBD(0.25)
 * with the rebate on (δ = 0 and δ = 0.1) and off, provider a playing τ* and provider b τ* or `shade:0.4`,
 * on seeds 1..400 at T = 1000 and 10^5. Prints, per setting, the mean and standard error over seeds of the
 * seed-wise differences U(τ*) − U(shade) and Π_b(τ*) − Π_b(shade) (exact decimals, SE to 6 digits).
 *
 * Run: `npx tsx scripts/measure-shade-harm.ts [seeds]` (default 400).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal, ZERO } from '../src/exact/decimal.ts'
import { fromUnits } from '../src/exact/grid.ts'
import { sbd } from '../src/mechanism/index.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { simulate } from '../src/sim/engine.ts'
import { providerUtility, userUtility } from '../src/sim/ledger.ts'
import { recommended } from '../src/strategy/basic.ts'
import { explorationShading } from '../src/strategy/explore-shading.ts'

const seeds = Number(process.argv[2] ?? '400')
const model = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))
if (E.isLeft(model)) throw new Error(String(model.left))
const m = model.right
const shade = explorationShading(new Decimal('0.4'))
const meanSe = (xs: readonly Decimal[]): string => {
  const k = xs.length
  const mean = xs.reduce((s, x) => s.plus(x), ZERO).div(k)
  const variance = xs.reduce((s, x) => s.plus(x.minus(mean).pow(2)), ZERO).div(k - 1)
  return `${mean.toSignificantDigits(10).toString()} ± ${variance.div(k).sqrt().toSignificantDigits(6).toString()}`
}
for (const T of [1000, 100_000])
  for (const [label, mech] of [
    ['rebate on, δ = 0', sbd(new Decimal('0.25'), true)],
    ['rebate on, δ = 0.1', sbd(new Decimal('0.25'), true, new Decimal('0.1'))],
    ['rebate off', sbd(new Decimal('0.25'), false)],
  ] as const) {
    const harm: Decimal[] = []
    const cost: Decimal[] = []
    for (let seed = 1; seed <= seeds; seed++) {
      const a = simulate(m, mech, [recommended, recommended], { T, seed })
      const b = simulate(m, mech, [recommended, shade], { T, seed })
      if (E.isLeft(a) || E.isLeft(b)) throw new Error('run failed')
      const g = a.right.ledger.grid
      harm.push(fromUnits(g, userUtility(a.right.ledger) - userUtility(b.right.ledger)))
      cost.push(fromUnits(g, providerUtility(a.right.ledger, 1) - providerUtility(b.right.ledger, 1)))
    }
    console.log(`T=${T} ${label}: U(τ*) − U(shade) = ${meanSe(harm)}; Π_b(τ*) − Π_b(shade) = ${meanSe(cost)} (${seeds} seeds)`)
  }
