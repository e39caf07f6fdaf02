// A plug-in that registers a mechanism: explore-then-commit. Each provider serves L = ⌈T^(1−ε)⌉
// rounds in turn; the one with the largest total then serves every remaining round, unmonitored.
// It reads one mechanism option, --epsilon (any other is refused, as for the built-in mechanisms).
import { Either as E, type Mechanism, type Plugin, openView } from 'second-best-delegation'

const exploreThenCommit = (epsilon: number): Mechanism => ({
  name: `ExploreThenCommit(ε=${epsilon})`,
  start: ({ model, T }) => {
    const k = Math.ceil(T ** (1 - epsilon))
    if (k * model.n > T) return E.left(`horizon: T = ${T} is too short for ${model.n} explorations of ${k} rounds`)
    const view = openView(T, model.n)
    const totals = model.providers.map(() => 0n) // exact sums of grid units
    let chosen = -1
    return E.right({
      view,
      allocate: (t) => {
        view.t = t
        if (t <= k * model.n) return (t - 1) % model.n
        if (chosen < 0) chosen = totals.reduce((best, s, i) => (s > totals[best]! ? i : best), 0)
        return chosen
      },
      observe: (t, i, x) => {
        view.lastServer = i
        view.lastX = x
        if (t <= k * model.n) totals[i]! += BigInt(x)
      },
      finish: () => ({
        transfers: model.providers.map(() => 0n),
        phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: T },
        details: { k, chosen: model.providers[chosen]?.id ?? null },
      }),
    })
  },
})

export default {
  mechanisms: [
    {
      name: 'explore-then-commit',
      description: 'each provider serves ⌈T^(1−ε)⌉ rounds in turn, then the best total serves the rest, unmonitored',
      parameters: ['epsilon'],
      create: ({ epsilon }) => exploreThenCommit(epsilon!.toNumber()),
    },
  ],
} satisfies Plugin
