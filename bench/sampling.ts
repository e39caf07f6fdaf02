// Cost of the exact block samplers (proofs-notes §13.2): ns per draw of fairBinomial and of
// outcomeCounts for n = 10^2 … 10^8, and the words of randomness each takes, beside the per-round
// cost of counting the same outcomes one round at a time (three words and outcomeIndex per round).
//
//   npx tsx bench/sampling.ts [--budget-ms 300]
//
// Each cell: untimed warm-up draws, then batches of draws until the budget is spent; reported: the
// median over batches of ns per draw (wall clock, performance.now) and the mean words per draw. The
// source is a stream's uniformBlocks behind bufferedUint32Source, as the leaping engine would use.
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { type OutcomeTable, outcomeIndex } from '../src/model/outcome-table.ts'
import { outcomeCounts } from '../src/sampling/block.ts'
import { fairBinomial } from '../src/sampling/fair-binomial.ts'
import { type Uint32Source, bufferedUint32Source } from '../src/sampling/uint32-source.ts'
import { uniformBlocks } from '../src/sim/rng.ts'

const budgetArg = process.argv.indexOf('--budget-ms')
const BUDGET_MS = budgetArg >= 0 ? Number(process.argv[budgetArg + 1]) : 300

let words = 0
const counted =
  (source: Uint32Source): Uint32Source =>
  () => {
    words++
    return source()
  }

/** Median ns per call of `draw` and mean words per call. */
const time = (draw: () => void, perBatch: number): { ns: number; words: number } => {
  for (let r = 0; r < Math.min(perBatch, 2000); r++) draw()
  const samples: number[] = []
  words = 0
  let calls = 0
  const start = performance.now()
  while (performance.now() - start < BUDGET_MS || samples.length < 5) {
    const t0 = performance.now()
    for (let r = 0; r < perBatch; r++) draw()
    samples.push(((performance.now() - t0) * 1e6) / perBatch)
    calls += perBatch
  }
  samples.sort((a, b) => a - b)
  return { ns: samples[Math.floor(samples.length / 2)]!, words: words / (calls + Math.min(perBatch, 2000)) }
}

const model = E.chainW(buildInstanceModel)(
  parseScenarioText(readFileSync(new URL('../examples/default-llm.json', import.meta.url), 'utf8')),
)
if (E.isLeft(model)) throw new Error(String(model.left))
const llm = model.right.compile(0, model.right.providers[0]!.honest)
const abstract = E.chainW(buildInstanceModel)(
  parseScenarioText(readFileSync(new URL('../examples/two-provider-abstract.json', import.meta.url), 'utf8')),
)
if (E.isLeft(abstract)) throw new Error(String(abstract.left))
const bernoulli = abstract.right.compile(0, abstract.right.providers[0]!.honest)

const bits = counted(bufferedUint32Source(uniformBlocks(1, { kind: 'outcomes' }).fill))
const plain = bufferedUint32Source(uniformBlocks(2, { kind: 'outcomes' }).fill)
let sink = 0
const perRound = (table: OutcomeTable, k: number): void => {
  const counts = new Float64Array(4 * table.lengthThreshold.length)
  for (let t = 0; t < k; t++) counts[outcomeIndex(table, plain(), plain(), plain())]!++
  sink += counts[0]!
}

const load0 = loadavg()
const ns = [1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8]
const rows = ns.map((n) => {
  const fb = time(() => (sink += fairBinomial(n, bits)), 2000)
  const oc = time(() => (sink += outcomeCounts(llm, n, bits)[0]!), 200)
  const ob = time(() => (sink += outcomeCounts(bernoulli, n, bits)[0]!), 500)
  const pr = n <= 1e6 ? time(() => perRound(llm, n), Math.max(1, Math.floor(2e5 / n))) : undefined
  return { n, fb, oc, ob, pr }
})
const load1 = loadavg()

const fmt = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} ms` : x >= 1e3 ? `${(x / 1e3).toFixed(2)} µs` : `${x.toFixed(0)} ns`
const lines = [
  `Measured ${new Date().toISOString()}, Node ${process.version}; load average at start / end: ${load0.map((l) => l.toFixed(2)).join(', ')} / ${load1.map((l) => l.toFixed(2)).join(', ')}; budget ${BUDGET_MS} ms per cell.`,
  `LLM table: provider 0's honest action in examples/default-llm.json (${llm.lengthThreshold.length} output lengths, ${4 * llm.lengthThreshold.length} outcomes); Bernoulli table: provider 0's honest action in examples/two-provider-abstract.json.`,
  '',
  '```',
  '        n  fairBinomial  words  outcomeCounts (LLM)  words  outcomeCounts (Bernoulli)  words  per-round counting (LLM)',
  '---------  ------------  -----  -------------------  -----  -------------------------  -----  ------------------------',
  ...rows.map(
    (r) =>
      `${r.n.toExponential(0).padStart(9)}  ${fmt(r.fb.ns).padStart(12)}  ${r.fb.words.toFixed(1).padStart(5)}  ${fmt(r.oc.ns).padStart(19)}  ${r.oc.words.toFixed(0).padStart(5)}  ${fmt(r.ob.ns).padStart(25)}  ${r.ob.words.toFixed(0).padStart(5)}  ${(r.pr === undefined ? '—' : fmt(r.pr.ns)).padStart(24)}`,
  ),
  '```',
]
process.stdout.write(`${lines.join('\n')}\n`)
if (sink === 0.5) process.stdout.write('\n')
