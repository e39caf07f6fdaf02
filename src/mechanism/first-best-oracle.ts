/**
 * FirstBestOracle (proofs-notes §4.5): a mechanism that knows the private types and demands the
 * first-best service. Not implementable — it reads `ū_i` from the instance — it draws the
 * first-best line `FB = T·ū_(1)` in experiments.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { floorUnits } from '../exact/grid.ts'
import type { Mechanism } from '../sim/interfaces.ts'
import { startSequentialSla } from './posted-target.ts'

/**
 * FirstBestOracle: providers ordered by best service `ū` (descending, ties to the lower index);
 * the first serves from round 1, monitored by the SBD exploitation test `S < j·τ − c(j)` with
 * target `τ` = its own `ū` rounded down to the money grid; if fired, the next by `ū` takes over
 * against its own `ū`, and so on; the last serves blind (phase `blindTrustFallback`). No
 * exploration, no endgame, no transfers (see `startSequentialSla`). Under the honest profile
 * on a noise-free instance nobody is fired and `U = T·ū_(1)` exactly. `finish().details` records
 * `oracle: true`, each provider's `ū`, the order, the targets, the firings and the final server.
 *
 * @returns the oracle that reads the private types and always picks the best provider (§4.5).
 *
 * @example
 * ```ts
 * const r = simulate(model, firstBestOracle(), [honest, honest], { T: 1000, seed: 1 })
 * // noise-free: userUtility(r.right.ledger) === 1000n * toUnits(ū_(1))
 * ```
 */
export const firstBestOracle = (): Mechanism => ({
  name: 'FirstBestOracle',
  start: (ctx) => {
    const ps = ctx.model.providers
    const order = ps
      .map((_, i) => i)
      .sort((a, b) => {
        const c = ps[b]!.honestMean.comparedTo(ps[a]!.honestMean)
        return c !== 0 ? c : a - b
      })
    return E.right(
      startSequentialSla(ctx, {
        order,
        targets: order.slice(0, -1).map((i) => floorUnits(ctx.model.grid, ps[i]!.honestMean)),
        details: {
          oracle: true,
          honestMeans: ps.map((p) => ({ provider: p.id, mean: p.honestMean.toString() })),
        },
      }),
    )
  },
})
