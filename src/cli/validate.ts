/**
 * `sbd validate FILE`: decodes a scenario file or a sweep grid (told apart by their fields: a grid
 * has `mechanisms`) and prints the verdict on every assumption of proofs-notes §1.3 (IR, A, D, P,
 * U) for each scenario, with which theorem each one serves and what a violation means. A file that
 * does not decode is bad input (exit 2, every message); a valid file exits 0 whatever the verdicts.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseScenarioText } from '../codec/report-errors.ts'
import { assumptionVerdicts } from '../model/assumption-verdicts.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import type { Registry } from '../plugin/registry.ts'
import { gridSize } from '../sweep/grid.ts'
import { loadGrid, parseJson } from '../sweep/shard.ts'
import type { Checked } from './options.ts'

const isGridJson = (u: unknown): boolean =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && ('mechanisms' in u || 'horizons' in u)

/**
 * The verdict lines of one scenario's model (§1.3), indented by `indent`.
 *
 * @param model - the scenario's model.
 * @param indent - the prefix of every line.
 * @returns the lines, each ending in a newline.
 */
export const verdictLines = (model: InstanceModel, indent = ''): string =>
  assumptionVerdicts(model)
    .map((a) => {
      const head = `${indent}${a.name.padEnd(3)}${a.verdict.holds ? 'holds' : 'FAILS'}  ${a.statement} — used by ${a.usedBy}`
      const why = a.verdict.holds ? [] : [...a.verdict.reasons.map((r) => `${indent}       ${r}`), `${indent}       so: ${a.ifViolated}`]
      return [head, ...why].map((l) => `${l}\n`).join('')
    })
    .join('')

const scenarioSummary = (model: InstanceModel): string =>
  `a valid ${model.instance.kind} scenario "${model.instance.name}": ${model.n} provider${model.n === 1 ? '' : 's'}, range [${model.xLo.toString()}, ${model.xHi.toString()}] USD (R = ${model.R.toString()})`

/**
 * Runs `validate` on `file`.
 *
 * @param file - a scenario file or a grid file.
 * @param readText - reads a text file (throws an `Error` on failure).
 * @param registry - where a grid's plug-in names are resolved.
 * @returns the report to print, or every message.
 */
export const runValidate = (file: string | undefined, readText: (p: string) => string, registry: Registry): Checked<string> => {
  if (file === undefined || file.trim() === '') return E.left(['validate: expected a scenario or grid JSON file'])
  let text: string
  try {
    text = readText(file)
  } catch (e) {
    return E.left([`validate: cannot read ${JSON.stringify(file)}: ${(e as Error).message}`])
  }
  const json = parseJson(text)
  if (E.isLeft(json)) return E.left([`${file}: ${json.left}`])
  if (isGridJson(json.right)) {
    const loaded = loadGrid(file, readText, registry)
    if (E.isLeft(loaded)) return loaded
    const g = loaded.right.grid
    const parts = g.scenarios.map((s) => {
      const model = loaded.right.models.get(s)!
      return `scenario ${s}: ${scenarioSummary(model)}\n  assumptions (proofs-notes §1.3):\n${verdictLines(model, '    ')}`
    })
    return E.right(
      `${file}: a valid sweep grid "${g.name}": ${gridSize(g)} runs (${g.scenarios.length} scenarios × ${g.mechanisms.length} mechanisms × ${g.strategies.length} strategy profiles × ${g.horizons.length} horizons × ${g.seeds.count} seeds)\n${parts.join('')}`,
    )
  }
  const inst = parseScenarioText(text)
  if (E.isLeft(inst)) return E.left(inst.left.map((m) => `${file}: ${m}`))
  const model = buildInstanceModel(inst.right)
  if (E.isLeft(model)) return E.left([`${file}: ${model.left}`])
  return E.right(`${file}: ${scenarioSummary(model.right)}\nassumptions (proofs-notes §1.3):\n${verdictLines(model.right, '  ')}`)
}
