/**
 * The JSON form of an abstract instance (proofs-notes §1) and its checks:
 *
 * ```json
 * { "kind": "abstract", "name": "…", "range": { "xLo": "0", "xHi": "1" }, "noise": "bernoulli",
 *   "providers": [ { "id": "a", "honestMean": "0.8", "honestProfit": "0.05",
 *                    "segments": [ { "length": "0.5", "slope": "1" } ] } ] }
 * ```
 *
 * Cross-field rules: xLo < xHi with width ≤ 10^6; slopes non-increasing (concave frontier); each
 * provider has ū ≤ xHi and ū − Σ length ≥ xLo; unique ids, n ≥ 2; every per-round amount within
 * the money grid's limit (§3.4).
 *
 * @module
 */
import { type Decimal, ZERO } from '../exact/decimal.ts'
import { roundLimitIssues } from '../model/round-limits.ts'
import type { AbstractInstance } from '../model/types.ts'
import { abstractShapeArbitrary } from './abstract-arbitrary.ts'
import { Name, ProviderId, decimalIn } from './leaves.ts'
import { providerList } from './providers.ts'
import { type Issue, type OutputOf, type Schema, type TypeOf, array, check, implied, imap, isRecord, literal, struct } from './schema.ts'

const MEGA = '1000000'
/** An amount in USD within ±10^6, at most 6 places (range ends, honest means). */
export const Amount = decimalIn({
  min: `-${MEGA}`,
  max: MEGA,
  maxPlaces: 6,
  name: 'an amount in USD in [-10^6, 10^6] with at most 6 decimal places',
})
/** A non-negative amount in USD (honest profit). */
export const Profit = decimalIn({
  min: '0',
  max: MEGA,
  maxPlaces: 6,
  name: 'a non-negative amount in USD of at most 10^6 with at most 6 decimal places',
})
/** A positive amount in USD (segment length). */
export const Length = decimalIn({
  min: '0',
  minExclusive: true,
  max: MEGA,
  maxPlaces: 6,
  name: 'a positive amount in USD of at most 10^6 with at most 6 decimal places',
})
/** A positive slope (profit per USD withheld). */
export const Slope = decimalIn({
  min: '0',
  minExclusive: true,
  max: MEGA,
  maxPlaces: 3,
  name: 'a positive slope of at most 10^6 with at most 3 decimal places',
})

const show = (d: Decimal): string => JSON.stringify(d.toString())

const Segment = struct({ length: Length, slope: Slope }, 'a segment object')
const segmentList = array(Segment, { minLength: 0, maxLength: 100, name: 'a list of at most 100 segments' })
/** Withholding segments with non-increasing slopes. */
export const Segments = check(
  segmentList,
  (segs) =>
    segs.flatMap((s, i): Issue[] => {
      const prev = segs[i - 1]
      return prev !== undefined && s.slope.gt(prev.slope)
        ? [
            {
              path: [i, 'slope'],
              message: `slopes must be non-increasing (concave frontier), got ${show(s.slope)} after ${show(prev.slope)}`,
            },
          ]
        : []
    }),
  segmentList.arbitrary.map((segs) => [...segs].sort((a, b) => b.slope.comparedTo(a.slope))),
)

/** An abstract provider (`kind` is implied, not written). */
export const AbstractProviderSchema = struct(
  { kind: implied('abstract'), id: ProviderId, honestMean: Amount, honestProfit: Profit, segments: Segments },
  'a provider object',
)

const rangeStruct = struct({ xLo: Amount, xHi: Amount }, 'a range object')
/** The public range `[xLo, xHi]`: xLo < xHi, width at most 10^6. */
export const Range = check(
  rangeStruct,
  ({ xLo, xHi }): Issue[] =>
    xLo.gte(xHi)
      ? [{ path: [], message: `xLo must be less than xHi, got xLo ${show(xLo)} and xHi ${show(xHi)}` }]
      : xHi.minus(xLo).gt(MEGA)
        ? [{ path: [], message: `the width xHi − xLo must be at most 10^6, got ${xHi.minus(xLo).toString()}` }]
        : [],
  rangeStruct.arbitrary.filter(({ xLo, xHi }) => xLo.lt(xHi) && xHi.minus(xLo).lte(MEGA)),
)

const shapeStruct = struct(
  {
    kind: literal('abstract'),
    name: Name,
    range: Range,
    noise: literal('bernoulli', 'none'),
    providers: providerList(AbstractProviderSchema),
  },
  'an abstract scenario object',
)
/** The decoded JSON form (range nested), before it becomes an {@link AbstractInstance}. */
export type AbstractShape = TypeOf<typeof shapeStruct>
/** The JSON form of an abstract scenario. */
export type AbstractJson = OutputOf<typeof shapeStruct>

const toInstance = (a: AbstractShape): AbstractInstance => ({
  kind: 'abstract',
  name: a.name,
  xLo: a.range.xLo,
  xHi: a.range.xHi,
  noise: a.noise,
  providers: a.providers,
})

const fitIssues = ({ range, providers }: AbstractShape): Issue[] =>
  providers.flatMap((p, i): Issue[] => {
    const total = p.segments.reduce((acc, s) => acc.plus(s.length), ZERO)
    const cheat = p.honestMean.minus(total)
    return [
      ...(p.honestMean.gt(range.xHi)
        ? [{ path: ['providers', i, 'honestMean'], message: `must be at most range.xHi ${show(range.xHi)}, got ${show(p.honestMean)}` }]
        : []),
      ...(cheat.lt(range.xLo)
        ? [
            {
              path: ['providers', i, 'segments'],
              message: `honestMean − Σ length must be at least range.xLo ${show(range.xLo)}, got ${cheat.toString()}`,
            },
          ]
        : []),
    ]
  })

// Encoding trusts its input to be valid (decode is where checking happens): the brands are asserted.
const toShape = (b: AbstractInstance): AbstractShape =>
  ({ kind: b.kind, name: b.name, range: { xLo: b.xLo, xHi: b.xHi }, noise: b.noise, providers: b.providers }) as AbstractShape

/** The fit rules, then (on a scenario that fits) the per-round limit of the money grid (§3.4). */
const issues = (a: AbstractShape): readonly Issue[] => {
  const fit = fitIssues(a)
  return fit.length > 0 ? fit : roundLimitIssues(toInstance(a))
}

/**
 * A generated scenario beyond the per-round limit made to fit: slopes rounded up to integers
 * (order kept), which brings the grid to 10^(−6) USD, where every amount the generator draws fits.
 */
const fitToGrid = (a: AbstractShape): AbstractShape =>
  roundLimitIssues(toInstance(a)).length === 0
    ? a
    : {
        ...a,
        providers: a.providers.map((p) => ({ ...p, segments: p.segments.map((s) => ({ ...s, slope: s.slope.ceil() as typeof s.slope })) })),
      }

const checked = check(shapeStruct, issues, abstractShapeArbitrary.map(fitToGrid))

/** A whole abstract scenario, decoded into an {@link AbstractInstance}. */
export const AbstractScenario: Schema<AbstractInstance, AbstractJson> = imap(
  checked,
  (u): u is AbstractInstance => isRecord(u) && checked.codec.is(toShape(u as unknown as AbstractInstance)),
  toInstance,
  toShape,
)
