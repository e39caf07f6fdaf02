/**
 * Endgame cheating (proofs-notes §5.4): any strategy, but full cheat once nobody monitors.
 *
 * @module
 */
import type { Strategy } from '../sim/interfaces.ts'
import type { PublicView } from '../sim/public-view.ts'

/**
 * Plays `base`, except full cheat `g` from round `view.endgameStart` on (blind trust II) and in
 * blind trust I. (For τ* this changes nothing: τ* already cheats there; it matters for bases that
 * do not, e.g. honest.)
 *
 * @param base - the strategy played until the endgame.
 * @returns `base`, with the full cheat in the endgame (§5.4).
 */
export const endgameCheating = (base: Strategy): Strategy => ({
  name: `endgame(${base.name})`,
  start: (ctx) => {
    const run = base.start(ctx)
    const g = ctx.table(ctx.self.fullCheat)
    const cheats = (view: PublicView): boolean =>
      view.t >= view.endgameStart || view.phase === 'blindTrustFallback' || view.phase === 'blindTrustEndgame'
    return {
      act: (view) => (cheats(view) ? g : run.act(view)),
      // Cheating lasts to the end; before it, the base's action until the endgame's first round.
      stableFor: (view) => (cheats(view) ? view.T - view.t + 1 : Math.min(view.endgameStart - view.t, run.stableFor?.(view) ?? 1)),
    }
  },
})
