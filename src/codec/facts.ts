/**
 * Real-API facts (`data/llm-apis.csv`: list prices and MMLU scores with sources and dates) and the
 * LLM instances built from them (proofs-notes §2.4). Quality is `mmlu / 100`, exactly (`88.7` → `0.887`).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { Decimal } from '../exact/decimal.ts'
import type { LlmInstance, LlmMarket, LlmModel, LlmProvider } from '../model/types.ts'
import { readCsv } from './csv-reader.ts'
import { Price } from './llm-instance.ts'
import { Name, decimalIn } from './leaves.ts'
import { decodeScenario, decodeWith } from './report-errors.ts'
import { scenarioCodec } from './instance.ts'
import { optional, refine, struct } from './schema.ts'

/** One model's facts. Absent optional fields were empty in the CSV. */
export interface FactRow {
  /** Model name as the vendor's API spells it. */
  readonly model: string
  /** The vendor selling it. */
  readonly vendor: string
  /** The vendor's cheaper model a provider of `model` could secretly serve. */
  readonly substitute?: string
  /** USD per 10^6 input tokens. */
  readonly inputPrice: Decimal
  /** USD per 10^6 output tokens. */
  readonly outputPrice: Decimal
  /** Date of the price, `YYYY-MM-DD`. */
  readonly priceAsOf: string
  /** `mmlu / 100`; absent when the CSV has no MMLU score. */
  readonly quality?: Decimal
  /** Where the MMLU score comes from. */
  readonly mmluSource?: string
  /** Where the price comes from. */
  readonly priceSource: string
}

const Text = optional(Name)
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/
const Day = refine(
  { codec: t.string, arbitrary: fc.string(), json: { type: 'string' } },
  (s) => DAY_PATTERN.test(s),
  'a date YYYY-MM-DD',
  undefined,
  { pattern: DAY_PATTERN.source },
)
const Mmlu = decimalIn({ min: '0', max: '100', maxPlaces: 6, name: 'an MMLU score in [0,100] (percent)' })
const CsvRowSchema = struct({
  model: Name,
  vendor: Name,
  substitute: Text,
  input_usd_per_mtok: Price,
  output_usd_per_mtok: Price,
  price_as_of: Day,
  mmlu: optional(Mmlu),
  mmlu_source: Text,
  price_source: Name,
})

/**
 * Decodes the facts CSV: every row or every error (`line N: <path>: <message>`).
 *
 * @param text - the facts CSV.
 * @returns every row, or every error with its line and field.
 */
export const decodeFacts = (text: string): E.Either<readonly string[], readonly FactRow[]> => {
  const csv = readCsv(text)
  if (E.isLeft(csv)) return E.left([csv.left])
  const errors: string[] = []
  const rows: FactRow[] = []
  for (const { line, cells } of csv.right.records) {
    const present = Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== ''))
    const r = decodeWith(CsvRowSchema.codec, present)
    if (E.isLeft(r)) errors.push(...r.left.map((m) => `line ${line}: ${m}`))
    else {
      const v = r.right
      rows.push({
        model: v.model,
        vendor: v.vendor,
        inputPrice: v.input_usd_per_mtok,
        outputPrice: v.output_usd_per_mtok,
        priceAsOf: v.price_as_of,
        priceSource: v.price_source,
        ...(v.substitute === undefined ? {} : { substitute: v.substitute }),
        ...(v.mmlu === undefined ? {} : { quality: v.mmlu.div(100) }),
        ...(v.mmlu_source === undefined ? {} : { mmluSource: v.mmlu_source }),
      })
    }
  }
  return errors.length > 0 ? E.left(errors) : E.right(rows)
}

/**
 * Reads and decodes a facts CSV file.
 *
 * @param path - the facts CSV file.
 * @returns every row, or every error.
 */
export const readFactsFile = (path: string | URL): E.Either<readonly string[], readonly FactRow[]> =>
  decodeFacts(readFileSync(path, 'utf8'))

/** A provider of a facts-built instance: its id, its advertised model, and the substitute it may serve (none if absent). */
export interface ProviderChoice {
  /** Provider id in the instance. */
  readonly id: string
  /** Model name (CSV `model`) of the advertised model. */
  readonly premium: string
  /** Model name of the substitute; absent: the provider can only inflate. */
  readonly substitute?: string
}

/** What {@link buildLlmInstance} needs besides the facts. */
export interface LlmBuildOptions {
  /** Instance name. */
  readonly name: string
  /** The providers, in instance order. */
  readonly providers: readonly ProviderChoice[]
  /** The market parameters (w, κ, β̄, n_in, n_out distribution). */
  readonly market: LlmMarket
}

/** A facts-built instance and the substitutes left out for lack of a quality. */
export interface BuiltLlmInstance {
  /** The instance, as the scenario decoder returns it. */
  readonly instance: LlmInstance
  /** One line per substitute left out, e.g. `providers[2].substitute: "…" has no MMLU score …`. */
  readonly excluded: readonly string[]
}

/**
 * Builds an LLM instance from facts rows. A substitute without an MMLU score is left out (the
 * provider then has no substitute) and listed in `excluded`; a premium model that is missing or has
 * no score, or a substitute with no row, is an error. The result is checked by the scenario decoder.
 *
 * @param rows - the decoded facts rows.
 * @param options - the scenario's name, providers and market.
 * @returns the instance and the substitutes left out, or every error.
 */
export const buildLlmInstance = (rows: readonly FactRow[], options: LlmBuildOptions): E.Either<readonly string[], BuiltLlmInstance> => {
  const byName = new Map(rows.map((r) => [r.model, r]))
  const errors: string[] = []
  const excluded: string[] = []
  const modelOf = (row: FactRow, quality: Decimal): LlmModel => ({
    name: row.model,
    inputPrice: row.inputPrice,
    outputPrice: row.outputPrice,
    quality,
  })
  const providers = options.providers.flatMap((choice, i): LlmProvider[] => {
    const premium = byName.get(choice.premium)
    if (premium?.quality === undefined) {
      errors.push(
        `providers[${i}].premium: ${premium === undefined ? 'no facts row for' : 'no MMLU score (quality) for'} model ${JSON.stringify(choice.premium)}`,
      )
      return []
    }
    const sub = choice.substitute === undefined ? undefined : byName.get(choice.substitute)
    if (choice.substitute !== undefined && sub === undefined)
      errors.push(`providers[${i}].substitute: no facts row for model ${JSON.stringify(choice.substitute)}`)
    if (sub !== undefined && sub.quality === undefined)
      excluded.push(
        `providers[${i}].substitute: ${JSON.stringify(sub.model)} has no MMLU score (quality), so provider ${JSON.stringify(choice.id)} has no substitute`,
      )
    const substitute = sub?.quality === undefined ? undefined : modelOf(sub, sub.quality)
    return [{ kind: 'llm', id: choice.id, premium: modelOf(premium, premium.quality), substitute }]
  })
  if (errors.length > 0) return E.left(errors)
  const checked = decodeScenario(scenarioCodec.encode({ kind: 'llm', name: options.name, market: options.market, providers }))
  if (E.isLeft(checked)) return checked
  return checked.right.kind === 'llm' ? E.right({ instance: checked.right, excluded }) : E.left(['unreachable: kind changed'])
}
