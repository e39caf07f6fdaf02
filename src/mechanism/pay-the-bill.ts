/**
 * PayTheBill (SPEC §3.2): every query goes to one fixed provider, the bill is paid and nothing is
 * monitored — today's API usage. Its best response is full cheating, so the user gets
 * `U = T·μ^min` of that provider (SPEC §4.4).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Mechanism } from '../sim/interfaces.ts'
import { openView } from '../sim/public-view.ts'

/**
 * PayTheBill: all `T` rounds go to provider `provider` (0-based index, default 0); no monitoring,
 * no firing, no transfers; every round is in phase `open`. `Left` if `provider` is not an index of
 * the instance. `finish().details` records the provider (id and index) and the rounds it served.
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
    const view = openView(T, model.n)
    let rounds = 0
    return E.right({
      view,
      allocate: (t) => {
        view.t = t
        rounds++
        return provider
      },
      observe: (_t, i, x) => {
        view.lastServer = i
        view.lastX = x
      },
      finish: () => ({
        transfers: model.providers.map(() => 0n),
        phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: rounds },
        details: {
          provider: model.providers[provider]!.id,
          providerIndex: provider,
          rounds,
        },
      }),
    })
  },
})
