/**
 * What every provider can see of the game while it is played: the public history, summarized
 * (proofs-notes §1.4).
 *
 * Mechanisms are public (the user commits to one), so the view also carries the mechanism's
 * public state: the phase, the monitored server, its running test statistics, target and slack.
 * Float fields are approximations meant for decision rules of strategies; the mechanism itself
 * decides on exact values.
 *
 * @module
 */

/** The phases of SBD (other mechanisms report `open`: no phase structure). */
export type Phase = 'exploration' | 'exploitation' | 'blindTrustFallback' | 'blindTrustEndgame' | 'open'

/** All phases, in report order. */
export const PHASES: readonly Phase[] = ['exploration', 'exploitation', 'blindTrustFallback', 'blindTrustEndgame', 'open']

/** A live, read-only view of the public state (valid during the round it is read in). */
export interface PublicView {
  /** Current round, 1-based. */
  readonly t: number
  /** Horizon `T`. */
  readonly T: number
  /** Number of providers. */
  readonly n: number
  /** Phase of the current round. */
  readonly phase: Phase
  /** Index of the monitored server, or −1 when nobody is monitored. */
  readonly server: number
  /** Monitored rounds `j` the current server has completed in its stint. */
  readonly stintRounds: number
  /** Its cumulative net utility `S` over the stint, in grid units (float approximation). */
  readonly stintSum: number
  /** Its target `τ` in grid units, or `NaN` when there is none. */
  readonly target: number
  /** The slack `c(j)` in grid units (float), or `NaN` when the mechanism has none. */
  readonly slackAt: (j: number) => number
  /** First round of the endgame (blind trust II), or `T + 1` when the mechanism has none. */
  readonly endgameStart: number
  /** Who served the previous round (−1 before round 1). */
  readonly lastServer: number
  /** The previous round's net utility in grid units (`NaN` before round 1). */
  readonly lastX: number
}

/**
 * A view with no mechanism state (for mechanisms without phases).
 *
 * @param T - the horizon.
 * @param n - the number of providers.
 * @returns a fresh public view of a mechanism without phases (every round `open`), for the mechanism to update.
 */
export const openView = (T: number, n: number): { -readonly [K in keyof PublicView]: PublicView[K] } => ({
  t: 0,
  T,
  n,
  phase: 'open',
  server: -1,
  stintRounds: 0,
  stintSum: 0,
  target: Number.NaN,
  slackAt: () => Number.NaN,
  endgameStart: T + 1,
  lastServer: -1,
  lastX: Number.NaN,
})
