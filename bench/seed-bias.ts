/**
 * `npx tsx bench/seed-bias.ts [seeds]`: re-measures the bias that unmixed seeding put into every
 * mean over seeds (proofs-notes §9.2). Two providers with ū = 0.75 (Bernoulli outcomes on [0, 1]),
 * SBD(ε = 0.25) with the exploration rebate, T = 1000 (so L = ⌈1000^0.75⌉ = 178), τ* for both:
 * the first provider's rebate is the sum of its L exploration outcomes, whose expectation is
 * exactly L·ū = 133.5. Prints the mean over seeds 1..N (default 40,000) with its standard error,
 * the z-score against 133.5, and the share of seeds whose outcomes stream starts below 0.75·2^32
 * (0.75 in expectation; it was 1 for every seed 1..20,000 under the old seeding).
 *
 * Not part of `npm test` (about a minute of engine time).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../src/exact/decimal.ts'
import { sbdConstants } from '../src/mechanism/constants.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import type { AbstractInstance } from '../src/model/types.ts'
import { simulate } from '../src/sim/engine.ts'
import { nextUint32, streamOf } from '../src/sim/rng.ts'
import { meanUsd, seUsd } from '../src/stats/summary.ts'
import { recommended } from '../src/strategy/basic.ts'

const N = Number(process.argv[2] ?? 40_000)
const T = 1000
const EPSILON = new Decimal('0.25')
const UBAR = new Decimal('0.75')

const instance: AbstractInstance = {
  kind: 'abstract',
  name: 'seed-bias',
  xLo: new Decimal(0),
  xHi: new Decimal(1),
  noise: 'bernoulli',
  providers: ['a', 'b'].map((id) => ({
    kind: 'abstract' as const,
    id,
    honestMean: UBAR,
    honestProfit: new Decimal('0.05'),
    segments: [{ length: new Decimal('0.5'), slope: new Decimal(1) }],
  })),
}

const model = E.getOrElseW((e: string) => {
  throw new Error(e)
})(buildInstanceModel(instance))
const L = E.getOrElseW((e: string) => {
  throw new Error(e)
})(sbdConstants(T, model.n, EPSILON, model.R)).L
const mechanism = sbd(EPSILON, true)
const rebates: bigint[] = []
let grid = undefined as Parameters<typeof meanUsd>[0] | undefined
let firstBelow = 0
for (let seed = 1; seed <= N; seed++) {
  const run = simulate(model, mechanism, [recommended, recommended], { T, seed })
  if (E.isLeft(run)) throw new Error(run.left)
  grid = run.right.ledger.grid
  rebates.push(run.right.ledger.transfers[0]!)
  if (nextUint32(streamOf(seed, { kind: 'outcomes' })) < 0.75 * 2 ** 32) firstBelow++
}
const mean = meanUsd(grid!, rebates)
const se = seUsd(grid!, rebates)
const expected = UBAR.times(L)
console.log(`L = ${L}; expected rebate L·ū = ${expected.toString()}`)
console.log(`first provider's mean exploration rebate over seeds 1..${N}: ${mean.toFixed(4)} ± ${se.toFixed(4)} (SE)`)
console.log(`z = (mean − L·ū)/SE = ${mean.minus(expected).div(se).toFixed(2)}`)
console.log(`share of seeds whose first outcomes uniform is below 0.75·2^32: ${firstBelow}/${N} = ${(firstBelow / N).toFixed(4)}`)
