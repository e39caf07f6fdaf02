/**
 * RoundRobin: round `t` goes to provider `(t − 1) mod n`; no monitoring, no transfers. The
 * simplest mechanism, used to exercise the engine's accounting on its own. It leaps in round-robin
 * blocks to the horizon (proofs-notes §13.8).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Mechanism } from '../sim/interfaces.ts'
import { unmonitoredRun } from './unmonitored.ts'

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
  start: ({ model, T }) => E.right(unmonitoredRun(model, T, (t) => (t - 1) % model.n, undefined, 'roundRobin')),
}
