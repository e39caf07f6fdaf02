// TypeDoc plugin: files every top-level export of the public index under its layer, the folder of
// src/ that declares it (src/exact/… → "exact"), unless its comment names a @category itself.
// The layers' descriptions are the @categoryDescription blocks of src/index.ts.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc'

const LAYER = /[\\/]src[\\/]([^\\/]+)[\\/]/

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    // With guides as project documents the index stays a module of its own: file its children.
    const tops = context.project.children ?? []
    const exported = tops.flatMap((r) => (r.kindOf(ReflectionKind.Module) ? (r.children ?? []) : [r]))
    for (const reflection of exported) {
      const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName
      const layer = file === undefined ? undefined : LAYER.exec(file)?.[1]
      if (layer === undefined) {
        app.logger.warn(`layer-categories: no layer for ${reflection.name}`)
        continue
      }
      reflection.comment ??= new Comment()
      if (reflection.comment.getTag('@category') === undefined)
        reflection.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: layer }]))
    }
  })
}
