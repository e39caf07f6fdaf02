/**
 * The shared body of mechanisms that only route queries: no monitoring, no firing, no transfers,
 * every round in phase `open` (RoundRobin, PayTheBill of proofs-notes §4.1).
 *
 * A route of a declared shape also leaps (proofs-notes §13.8): nothing is ever decided, so a block
 * runs from its first round to the horizon, all to one provider (`constant`) or round robin
 * (`roundRobin`).
 *
 * @module
 */
import type { InstanceModel } from '../model/instance-model.ts'
import type { MechanismRun } from '../sim/interfaces.ts'
import { openView } from '../sim/public-view.ts'

/**
 * The shape of a route, declared for the leaping engine (proofs-notes §13.8): `constant` if
 * `route(t)` is the same provider at every round, `roundRobin` if `route(t + m) = (route(t) + m) mod n`
 * for every `t` and `m` (as `(t − 1) mod n` is).
 */
export type RouteShape = 'constant' | 'roundRobin'

/**
 * A run that sends round `t` to `route(t)` and books nothing else; `details()` is added to the
 * outcome's details together with the number of rounds played. With a `shape`, the run declares
 * the leaping engine's block plan (proofs-notes §13.8): every block to the horizon, of that shape;
 * its debug check (`verifyBlock`) compares the plan with `route` at every round of the block.
 * Without one, the leaping engine plays it round by round.
 *
 * @param model - the instance's model.
 * @param T - the horizon.
 * @param route - the provider that serves round `t`.
 * @param details - extra JSON-ready details of the outcome.
 * @param shape - the route's shape, if it has one of the {@link RouteShape}s.
 * @returns the running mechanism.
 */
export const unmonitoredRun = (
  model: InstanceModel,
  T: number,
  route: (t: number) => number,
  details: () => Readonly<Record<string, unknown>> = () => ({}),
  shape?: RouteShape,
): MechanismRun => {
  const n = model.n
  const view = openView(T, n)
  let rounds = 0
  const run: MechanismRun = {
    view,
    allocate: (t) => {
      view.t = t
      rounds++
      return route(t)
    },
    observe: (_t, i, x) => {
      view.lastServer = i
      view.lastX = x
    },
    finish: () => ({
      transfers: model.providers.map(() => 0n),
      phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: rounds },
      details: { ...details(), rounds },
    }),
  }
  if (shape === undefined) return run
  const roundRobin = shape === 'roundRobin'
  return {
    ...run,
    // Nothing is decided in an unmonitored run: the block runs to the horizon.
    safeRounds: (t) => ({ rounds: T - t + 1, roundRobin }),
    observeBlock: (t, k, _sumX, lastX) => {
      const last = t + k - 1
      rounds += k - 1
      view.t = last
      view.lastServer = route(last)
      view.lastX = lastX
    },
    // Debug mode: the route itself, round by round, against the plan's allocation.
    verifyBlock: (t, k) => {
      const first = route(t)
      for (let m = 1; m < k; m++) {
        const planned = roundRobin ? (first + m) % n : first
        const routed = route(t + m)
        if (routed !== planned)
          return `leap debug: round ${t + m} inside the block ${t}..${t + k - 1} goes to provider ${routed}, the block plan sends it to ${planned}`
      }
      return undefined
    },
  }
}
