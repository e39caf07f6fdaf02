/**
 * PayTheBill (proofs-notes §4.1): every query goes to one fixed provider, the bill is paid and nothing is
 * monitored — today's API usage. Its best response is full cheating, so the user gets
 * `U = T·μ^min` of that provider (proofs-notes §9.5).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Mechanism } from '../sim/interfaces.ts'
import { unmonitoredRun } from './unmonitored.ts'

/**
 * PayTheBill: all `T` rounds go to provider `provider` (0-based index, default 0); no monitoring,
 * no firing, no transfers; every round is in phase `open`. `Left` if `provider` is not an index of
 * the instance. `finish().details` records the provider (id and index) and the rounds it served.
 * Under the leaping engine one block runs to the horizon (proofs-notes §13.8).
 *
 * @param provider - the index of the provider that serves every query (default 0).
 * @returns the mechanism PayTheBill (§4.1): no monitoring, no transfers.
 *
 * @example
 * ```ts
 * const r = simulate(model, payTheBill(1), [honest, fullCheat], { T: 1000, seed: 7 })
 * // every round served by provider 1: U = Σ X of its full-cheat rounds
 * ```
 */
export const payTheBill = (provider = 0): Mechanism => ({
  name: `PayTheBill(provider=${provider})`,
  start: ({ model, T }) => {
    if (!Number.isInteger(provider) || provider < 0 || provider >= model.n)
      return E.left(`provider: expected an index in [0, ${model.n}), got ${provider}`)
    return E.right(
      unmonitoredRun(
        model,
        T,
        () => provider,
        () => ({ provider: model.providers[provider]!.id, providerIndex: provider }),
        'constant',
      ),
    )
  },
})
