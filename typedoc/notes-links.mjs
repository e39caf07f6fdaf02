// TypeDoc plugin: the specification (proofs-notes/) is part of the site with working links.
// - Section anchors: the notes (and the README) link to headings by GitHub's anchor
//   (`model.md#13-assumptions-a-d-ir-p-u` for "§1.3 Assumptions A, D, IR, P, U"); TypeDoc's anchors
//   differ (it keeps "§" and drops inline code). Each such link is pointed at TypeDoc's anchor of the
//   same heading, found in the target file, so the links work on GitHub and in the site alike.
// - Folder links: the "Checked by:" lines link to folders of property suites
//   (`[properties/mechanism/](../properties/mechanism/)`), which GitHub lists but a static site cannot
//   hold. Such a link becomes its label in code font, "(in a clone)": no link is dead.
import { readFileSync, statSync } from 'node:fs'
import { Converter, ReflectionKind } from 'typedoc'

const isDirectory = (path) => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** GitHub's anchor of a heading (github-slugger's rule, as properties/markdown-links.ts). */
const githubSlug = (heading) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')

/** TypeDoc's anchor of the same heading: inline code dropped, "§" kept, runs of spaces one "-". */
const typedocSlug = (heading) =>
  heading
    .replace(/`[^`]*`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}§\-\s]/gu, '')
    .replace(/\s+/g, '-')

const headingsCache = new Map()
/** GitHub anchor → TypeDoc anchor, for the headings of the Markdown file at `path`. */
const anchorsOf = (path) => {
  if (!headingsCache.has(path)) {
    const map = new Map()
    let text = ''
    try {
      text = readFileSync(path, 'utf8')
    } catch {}
    for (const line of text.split('\n')) {
      const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
      if (h !== null) map.set(githubSlug(h[1].replace(/`/g, '')), typedocSlug(h[1]))
    }
    headingsCache.set(path, map)
  }
  return headingsCache.get(path)
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project
    const files = project.files
    const pathOf = (target) => {
      if (typeof target !== 'number') return undefined
      const media = files.mediaToPath.get(target)
      if (media !== undefined) return media
      const id = files.mediaToReflection.get(target)
      const reflection = id === undefined ? undefined : project.getReflectionById(id)
      return reflection === undefined ? undefined : files.getReflectionPath(reflection)
    }
    const documents = project.getReflectionsByKind(ReflectionKind.Document)
    const contents = [...documents.map((d) => d.content), ...(project.readme === undefined ? [] : [project.readme])]
    for (const parts of contents)
      for (const part of parts) {
        if (part.kind !== 'relative-link' || typeof part.targetAnchor !== 'string') continue
        const path = pathOf(part.target)
        if (path === undefined || !path.endsWith('.md')) continue
        const anchor = anchorsOf(path).get(part.targetAnchor)
        if (anchor !== undefined) part.targetAnchor = anchor
      }
    const folders = new Set([...files.mediaToPath.entries()].filter(([, path]) => isDirectory(path)).map(([id]) => id))
    if (folders.size === 0) return
    for (const parts of contents)
      for (let k = 1; k + 1 < parts.length; k++) {
        const part = parts[k]
        if (part.kind !== 'relative-link' || !folders.has(part.target)) continue
        const before = parts[k - 1]
        const after = parts[k + 1]
        const open = before.kind === 'text' ? /\[([^\]]*)\]\($/.exec(before.text) : null
        if (open === null || after.kind !== 'text' || !after.text.startsWith(')')) continue
        before.text = `${before.text.slice(0, open.index)}\`${open[1]}\` (in a clone)`
        after.text = after.text.slice(1)
        parts.splice(k, 1)
      }
    for (const id of folders) files.mediaToPath.delete(id)
  })
}
