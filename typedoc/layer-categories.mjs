// TypeDoc plugin: files every top-level export of the public index under its layer, the folder of
// src/ that declares it (src/exact/… → "exact"), unless its comment names a @category itself.
// The layers' descriptions are the @categoryDescription blocks of src/index.ts.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc'

const LAYER = /[\\/]src[\\/]([^\\/]+)[\\/]/

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.parent?.kindOf(ReflectionKind.Project)) return
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName
    const layer = file === undefined ? undefined : LAYER.exec(file)?.[1]
    if (layer === undefined) return
    reflection.comment ??= new Comment()
    if (reflection.comment.getTag('@category') === undefined)
      reflection.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: layer }]))
  })
}
