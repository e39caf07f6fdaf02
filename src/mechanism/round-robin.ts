/**
 * RoundRobin: round `t` goes to provider `(t − 1) mod n`; no monitoring, no transfers. The
 * simplest mechanism, used to exercise the engine's accounting on its own.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Mechanism } from '../sim/interfaces.ts'
import { openView } from '../sim/public-view.ts'

/**
 * The round-robin mechanism.
 *
 * @example
 * ```ts
 * simulate(model, roundRobin, [honest, honest], { T: 100, seed: 1 })
 * ```
 */
export const roundRobin: Mechanism = {
  name: 'RoundRobin',
  start: ({ model, T }) => {
    const view = openView(T, model.n)
    let rounds = 0
    return E.right({
      view,
      allocate: (t) => {
        view.t = t
        rounds++
        return (t - 1) % model.n
      },
      observe: (_t, i, x) => {
        view.lastServer = i
        view.lastX = x
      },
      finish: () => ({
        transfers: model.providers.map(() => 0n),
        phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: rounds },
        details: {},
      }),
    })
  },
}
