/**
 * Valid abstract scenarios, built constructively (no filtering): draw the range, then for each
 * provider an offset `ū − xLo` in the range and segment lengths that fit below `ū`, all in units
 * of 10^(−6) USD; slopes are drawn and sorted into non-increasing order.
 *
 * @module
 */
import fc from 'fast-check'
import { Decimal } from '../exact/decimal.ts'
import type { AbstractShape } from './abstract-instance.ts'
import { type ProviderId, Name, ProviderId as ProviderIdSchema, decimalArbitrary } from './leaves.ts'

const MEGA = 1_000_000n
const fromUnits = (units: bigint): Decimal => new Decimal(`${units}e-6`)
const toUnits = (d: Decimal): bigint => BigInt(d.times(1_000_000).toFixed(0))

const slopeArb = decimalArbitrary({ min: '0', minExclusive: true, max: '10', maxPlaces: 3 })
const profitArb = decimalArbitrary({ min: '0', max: '1000', maxPlaces: 6 })

type Provider = AbstractShape['providers'][number]

const providerArb = (id: ProviderId, xLo: bigint, width: bigint): fc.Arbitrary<Provider> =>
  fc.record({ offset: fc.bigInt({ min: 0n, max: width }), count: fc.integer({ min: 0, max: 4 }) }).chain(({ offset, count }) => {
    const k = Number(offset < BigInt(count) ? offset : BigInt(count))
    const each = k === 0 ? 1n : offset / BigInt(k)
    return fc
      .record({
        honestProfit: profitArb,
        lengths: fc.array(fc.bigInt({ min: 1n, max: each }), { minLength: k, maxLength: k }),
        slopes: fc.array(slopeArb, { minLength: k, maxLength: k }),
      })
      .map(({ honestProfit, lengths, slopes }): Provider => {
        const sorted = [...slopes].sort((a, b) => b.comparedTo(a))
        return {
          kind: 'abstract',
          id,
          honestMean: fromUnits(xLo + offset),
          honestProfit,
          segments: lengths.map((l, i) => ({ length: fromUnits(l), slope: sorted[i]! })),
        }
      })
  })

/** Valid abstract scenarios (JSON shape, decoded): 2 to 5 providers, range within ±10^6. */
export const abstractShapeArbitrary: fc.Arbitrary<AbstractShape> = fc
  .record({
    name: Name.arbitrary,
    noise: fc.constantFrom('bernoulli' as const, 'none' as const),
    xLo: decimalArbitrary({ min: '-1000000', max: '999999.999999', maxPlaces: 6 }).map(toUnits),
    ids: fc.uniqueArray(ProviderIdSchema.arbitrary, { minLength: 2, maxLength: 5 }),
  })
  .chain(({ name, noise, xLo, ids }) => {
    const room = MEGA * MEGA - xLo // units up to xHi = 10^6
    const maxWidth = room < MEGA * MEGA ? room : MEGA * MEGA
    return decimalArbitrary({ min: '0.000001', max: fromUnits(maxWidth).toString(), maxPlaces: 6 })
      .map(toUnits)
      .chain((width) =>
        fc.tuple(...ids.map((id) => providerArb(id, xLo, width))).map(
          (providers): AbstractShape => ({
            kind: 'abstract',
            name,
            range: { xLo: fromUnits(xLo), xHi: fromUnits(xLo + width) },
            noise,
            providers,
          }),
        ),
      )
  })
