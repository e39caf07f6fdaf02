/**
 * `npx tsx bench/leap-baselines.ts`: the baselines under the leaping engine (proofs-notes §13.8)
 * against the per-round engine, on the two-provider example.
 *
 * For PayTheBill(0), PostedTarget(0.6), FirstBestOracle and ReputationUCB under τ*, full cheat,
 * mimicry of 0.6 and slack riding: seconds per run of each engine, blocks per run and the share of
 * rounds leapt, at T = 10⁵, 10⁶, 10⁷ (medians over 3 seeds, 1 at 10⁷); for ReputationUCB under τ*,
 * blocks per run against T with the least-squares log-log slope. Prints one Markdown block.
 *
 * @module
 */
import os from 'node:os'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { firstBestOracle } from '../src/mechanism/first-best-oracle.ts'
import { payTheBill } from '../src/mechanism/pay-the-bill.ts'
import { postedTarget } from '../src/mechanism/posted-target.ts'
import { reputationUcb } from '../src/mechanism/reputation-ucb.ts'
import { type InstanceModel, buildInstanceModel } from '../src/model/instance-model.ts'
import { type EngineKind, simulate } from '../src/sim/engine.ts'
import type { Mechanism } from '../src/sim/interfaces.ts'
import { strategyByName } from '../src/strategy/index.ts'

const QUICK = process.argv.includes('--quick')
const HORIZONS = QUICK ? [1e5, 1e6] : [1e5, 1e6, 1e7]
const seedsAt = (T: number): number => (T >= 1e7 ? 1 : 3)

const model: InstanceModel = (() => {
  const m = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))
  if (E.isLeft(m)) throw new Error(String(m.left))
  return m.right
})()

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const timeRuns = (mech: Mechanism, strategy: string, T: number, engine: EngineKind) => {
  const s = strategyByName(strategy)
  if (E.isLeft(s)) throw new Error(s.left)
  const secs: number[] = []
  const blocks: number[] = []
  const leapt: number[] = []
  for (let k = 0; k < seedsAt(T); k++) {
    const t0 = performance.now()
    const r = simulate(model, mech, Array(model.n).fill(s.right), { T, seed: 1 + k, engine })
    const t1 = performance.now()
    if (E.isLeft(r)) throw new Error(r.left)
    secs.push((t1 - t0) / 1000)
    blocks.push(r.right.leap?.blocks ?? T)
    leapt.push((r.right.leap?.roundsLeapt ?? 0) / T)
  }
  return { seconds: median(secs), blocks: median(blocks), leapt: median(leapt) }
}

const mechanisms: readonly [string, Mechanism][] = [
  ['PayTheBill(0)', payTheBill(0)],
  ['PostedTarget(0.6)', postedTarget(new Decimal('0.6'))],
  ['FirstBestOracle', firstBestOracle()],
  ['ReputationUCB', reputationUcb()],
]
const strategies = ['recommended', 'full-cheat', 'mimic:0.6', 'slack-riding']

// Warm-up: both engines, short runs.
for (const [, m] of mechanisms) for (const e of ['rounds', 'leap'] as const) timeRuns(m, 'recommended', 1e5, e)

console.log(
  `Baselines leaping, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} at start`,
)
console.log('')
console.log('| mechanism | strategy | T | seeds | s/run (rounds) | s/run (leap) | speed-up | blocks/run | rounds leapt |')
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
const ucbBlocks: number[] = []
for (const [name, m] of mechanisms)
  for (const st of strategies)
    for (const T of HORIZONS) {
      const r = timeRuns(m, st, T, 'rounds')
      const l = timeRuns(m, st, T, 'leap')
      if (name === 'ReputationUCB' && st === 'recommended') ucbBlocks.push(l.blocks)
      console.log(
        `| ${name} | ${st} | ${T.toExponential(0)} | ${seedsAt(T)} | ${r.seconds.toFixed(3)} | ${l.seconds.toFixed(3)} | ${(r.seconds / l.seconds).toFixed(1)}× | ${l.blocks} | ${(100 * l.leapt).toFixed(3)}% |`,
      )
    }
const lx = HORIZONS.map(Math.log)
const ly = ucbBlocks.map(Math.log)
const mx = lx.reduce((a, b) => a + b, 0) / lx.length
const my = ly.reduce((a, b) => a + b, 0) / ly.length
const slope = lx.reduce((a, x, i) => a + (x - mx) * (ly[i]! - my), 0) / lx.reduce((a, x) => a + (x - mx) ** 2, 0)
console.log('')
console.log(
  `ReputationUCB under τ*: blocks per run ${ucbBlocks.join(', ')} at T = ${HORIZONS.map((T) => T.toExponential(0)).join(', ')}; log-log slope ${slope.toFixed(3)}.`,
)
console.log(`Load ${os.loadavg()[0]!.toFixed(1)} at the end.`)
