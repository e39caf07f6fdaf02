/**
 * The shared body of mechanisms that only route queries: no monitoring, no firing, no transfers,
 * every round in phase `open` (RoundRobin, PayTheBill of proofs-notes §4.1).
 *
 * @module
 */
import type { InstanceModel } from '../model/instance-model.ts'
import type { MechanismRun } from '../sim/interfaces.ts'
import { openView } from '../sim/public-view.ts'

/**
 * A run that sends round `t` to `route(t)` and books nothing else; `details()` is added to the
 * outcome's details together with the number of rounds played.
 */
export const unmonitoredRun = (
  model: InstanceModel,
  T: number,
  route: (t: number) => number,
  details: () => Readonly<Record<string, unknown>> = () => ({}),
): MechanismRun => {
  const view = openView(T, model.n)
  let rounds = 0
  return {
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
}
