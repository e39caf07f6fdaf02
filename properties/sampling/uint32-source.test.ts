/**
 * Bit sources (proofs-notes §13.1): `uint32SourceOf` and `bufferedUint32Source` hand out the
 * stream's own uniforms, in order, as integers in [0, 2^32).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bufferedUint32Source, uint32SourceOf } from '../../src/sampling/uint32-source.ts'
import { nextUint32, streamOf, uniformBlocks } from '../../src/sim/rng.ts'
import { runs } from '../settings.ts'

describe('bit sources', () => {
  it('uint32SourceOf and bufferedUint32Source give nextUint32’s sequence of the same stream', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 300 }), (seed, count, size) => {
        const reference = streamOf(seed, { kind: 'outcomes' })
        const expected = Array.from({ length: count }, () => nextUint32(reference))
        const direct = uint32SourceOf(streamOf(seed, { kind: 'outcomes' }))
        const buffered = bufferedUint32Source(uniformBlocks(seed, { kind: 'outcomes' }).fill, size)
        const a = Array.from({ length: count }, direct)
        const b = Array.from({ length: count }, buffered)
        expect(a).toStrictEqual(expected)
        expect(b).toStrictEqual(expected)
        for (const v of a) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })
})
