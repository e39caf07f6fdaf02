/**
 * Rates in T: for each SBD(ε) series of the study (one scenario, ε and rebate setting, several
 * horizons), the fitted log-log slope of the re-measured deviation gain of experiment (b) and of
 * the shortfall `SB·T − U` of experiment (c), with jackknife intervals (proofs-notes §11.3), beside
 * the slope of the matching bound over the same horizons and the bound's limiting exponent (§0.6).
 *
 * What a row can say is limited by what the theorems prove: the bounds are upper bounds, so a
 * measured slope below the bound's is consistent with them and says nothing about their tightness;
 * a measured slope above the bound's effective slope over a range where the measured values stay
 * below the bound is possible too (a quantity may approach its bound). The rows report; they do
 * not test.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { fromUnits } from '../exact/grid.ts'
import { type SbdConstants, sbdConstants } from '../mechanism/constants.ts'
import { boundSlope, logLogSlope } from '../stats/loglog-slope.ts'
import { etaOff, etaOn, secondBestShortfall } from '../theory/bounds.ts'
import { type MechanismFields, kthBest, mechanismFields } from './cells.ts'
import type { Remeasurement } from './deviation-gain.ts'
import type { CellResult } from './search.ts'

/** One fitted rate (decimal strings; `''` where there is no fit, with the reason in `note`). */
export interface RateRow extends MechanismFields {
  readonly scenario: string
  /** `gain` (experiment b's re-measured gain) or `shortfall` (`SB·T − U` under the final profile, experiment c). */
  readonly quantity: 'gain' | 'shortfall'
  /** The horizons fitted, `;`-separated. */
  readonly horizons: string
  /** Seeds per horizon. */
  readonly seeds: number
  /** Least-squares slope of ln(mean) on ln T, its jackknife SE and 95 % interval (6 significant digits). */
  readonly slope: string
  readonly slopeSe: string
  readonly slopeLo: string
  readonly slopeHi: string
  /** The bound the quantity is compared with: `η_on`, `η_off` or `Δ(T)`. */
  readonly bound: string
  /** The bound's own least-squares slope over the same horizons (logarithmic factors included). */
  readonly boundSlope: string
  /** The bound's limiting exponent in T, logarithmic factors left out (§0.6). */
  readonly boundExponent: string
  /** Why there is no fit (fewer than two horizons, a mean that is not positive), else `''`. */
  readonly note: string
}

const s6 = (x: Decimal): string => x.toSignificantDigits(6).toString()

/** The limiting exponent of `η` (rebate on: √(T log T); off: T^(1−ε)) and of `Δ(T)` (§0.6). */
const exponents = (epsilon: Decimal): { readonly etaOn: Decimal; readonly etaOff: Decimal; readonly shortfall: Decimal } => ({
  etaOn: new Decimal('0.5'),
  etaOff: new Decimal(1).minus(epsilon),
  shortfall: Decimal.max(new Decimal(1).minus(epsilon), new Decimal(1).plus(epsilon).div(2)),
})

interface Series {
  readonly scenario: string
  readonly fields: MechanismFields
  readonly epsilon: Decimal
  readonly rebate: boolean
  readonly points: { readonly T: number; readonly shortfall: readonly Decimal[]; readonly gain: readonly Decimal[] | undefined }[]
}

const seriesOf = (results: readonly CellResult[], remeasured: readonly Remeasurement[]): readonly Series[] => {
  const byResult = new Map(remeasured.map((m) => [m.result, m]))
  const series = new Map<string, Series>()
  for (const [k, { cell, final }] of results.entries()) {
    const m = cell.mechanism
    if (m.kind !== 'sbd') continue
    const fields = mechanismFields(m)
    const key = `${cell.scenario}\u0000${fields.label}`
    const s = series.get(key) ?? { scenario: cell.scenario, fields, epsilon: new Decimal(m.epsilon), rebate: m.rebate, points: [] }
    series.set(key, s)
    const grid = cell.model.grid
    const secondBestTotal = kthBest(cell.model, 2).times(cell.T)
    const gains = byResult.get(k)?.gains
    s.points.push({
      T: cell.T,
      shortfall: final.map((r) => secondBestTotal.minus(fromUnits(grid, r.user))),
      gain: gains?.map((g) => fromUnits(grid, g)),
    })
  }
  return [...series.values()].map((s) => ({ ...s, points: [...s.points].sort((a, b) => a.T - b.T) }))
}

/**
 * The rate rows of a study: per SBD series, one row for the gain and one for the shortfall.
 * `Left` only if a series' SBD constants cannot be built (never for cells that ran).
 */
export const rateRows = (results: readonly CellResult[], remeasured: readonly Remeasurement[]): E.Either<string, readonly RateRow[]> => {
  const rows: RateRow[] = []
  for (const s of seriesOf(results, remeasured)) {
    const horizons = s.points.map((p) => p.T)
    const model = results.find((r) => r.cell.scenario === s.scenario)!.cell.model
    const constants = new Map<number, SbdConstants>()
    for (const T of horizons) {
      const c = sbdConstants(T, model.n, s.epsilon, model.R)
      if (E.isLeft(c)) return c
      constants.set(T, c.right)
    }
    const boundAt = (bound: (c: SbdConstants) => Decimal) => (T: number) => bound(constants.get(T)!)
    const ex = exponents(s.epsilon)
    const rateRow = (
      quantity: 'gain' | 'shortfall',
      values: readonly (readonly Decimal[])[] | undefined,
      bound: string,
      at: (T: number) => Decimal,
      exponent: Decimal,
    ): RateRow => {
      const base = { scenario: s.scenario, ...s.fields, quantity, horizons: horizons.join(';'), bound, boundExponent: exponent.toString() }
      const seeds = values?.[0]?.length ?? 0
      const slopeOfBound = horizons.length >= 2 ? boundSlope(horizons, at) : E.left('one horizon')
      const noFit = (note: string): RateRow => ({
        ...base,
        seeds,
        slope: '',
        slopeSe: '',
        slopeLo: '',
        slopeHi: '',
        boundSlope: E.isRight(slopeOfBound) ? s6(slopeOfBound.right) : '',
        note,
      })
      if (horizons.length < 2) return noFit('one horizon: no slope')
      if (values === undefined) return noFit('a horizon has no re-measured deviation')
      const f = logLogSlope(horizons, values)
      if (E.isLeft(f)) return noFit(f.left)
      return {
        ...base,
        seeds,
        slope: s6(f.right.slope),
        slopeSe: s6(f.right.se),
        slopeLo: s6(f.right.low),
        slopeHi: s6(f.right.high),
        boundSlope: E.isRight(slopeOfBound) ? s6(slopeOfBound.right) : '',
        note: '',
      }
    }
    const gains = s.points.every((p) => p.gain !== undefined) ? s.points.map((p) => p.gain!) : undefined
    rows.push(
      s.rebate ? rateRow('gain', gains, 'η_on', boundAt(etaOn), ex.etaOn) : rateRow('gain', gains, 'η_off', boundAt(etaOff), ex.etaOff),
      rateRow(
        'shortfall',
        s.points.map((p) => p.shortfall),
        'Δ(T)',
        boundAt(secondBestShortfall),
        ex.shortfall,
      ),
    )
  }
  return E.right(rows)
}
