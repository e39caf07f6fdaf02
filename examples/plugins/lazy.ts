// A plug-in: one file that registers a strategy (and a mechanism) by name, for `sbd … --plugin`.
// Its default export is a Plugin; the types come from the package, nothing else is needed.
import type { Plugin, Strategy } from 'second-best-delegation'

/** Honest while being explored (so that it wins the ranking), then the full cheat whenever it serves. */
const lazy: Strategy = {
  name: 'lazy',
  start: (ctx) => {
    const honest = ctx.table(ctx.self.honest)
    const cheat = ctx.table(ctx.self.fullCheat)
    return { act: (view) => (view.phase === 'exploration' ? honest : cheat) }
  },
}

export default {
  strategies: [{ name: 'lazy', description: 'honest in exploration, then the full cheat whenever it serves', create: () => lazy }],
} satisfies Plugin
