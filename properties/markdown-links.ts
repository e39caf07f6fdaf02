/**
 * Checks of the specification's Markdown (proofs-notes §0.3): relative links and their anchors
 * resolve as GitHub renders them, section numbers and numbered statements are unique, and every
 * "§N.M" citation names a section that exists.
 *
 * Pure functions over a map from repository-relative path to file text, so that a suite can feed
 * them the real notes or a deliberately broken copy.
 */
import { posix } from 'node:path'
import { type Token, marked } from 'marked'

/** Repository-relative path → Markdown text, plus the set of every path that exists (files and directories). */
export interface MarkdownTree {
  readonly files: ReadonlyMap<string, string>
  readonly exists: (path: string) => boolean
}

/**
 * The anchor GitHub gives a heading: lower case, every character that is not a letter, mark,
 * number, `_`, `-` or space removed, spaces turned into `-` (github-slugger's rule). Repeated
 * headings get `-1`, `-2`, … in document order ({@link anchorsOf}).
 */
export const slug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')

const walk = (text: string, visit: (t: Token) => void): void => {
  marked.walkTokens(marked.lexer(text), visit)
}

/** The headings of a Markdown text, in order, with their depth and plain text. */
export const headingsOf = (text: string): { readonly depth: number; readonly text: string }[] => {
  const out: { depth: number; text: string }[] = []
  walk(text, (t) => {
    if (t.type === 'heading') out.push({ depth: t.depth as number, text: t.text as string })
  })
  return out
}

/** The anchors of a Markdown text's headings, with GitHub's suffixes for repeated ones. */
export const anchorsOf = (text: string): Set<string> => {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const h of headingsOf(text)) {
    const base = slug(h.text)
    const k = seen.get(base) ?? 0
    seen.set(base, k + 1)
    out.add(k === 0 ? base : `${base}-${k}`)
  }
  return out
}

/** Every link and image target of a Markdown text. */
export const linksOf = (text: string): string[] => {
  const out: string[] = []
  walk(text, (t) => {
    if (t.type === 'link' || t.type === 'image') out.push(t.href as string)
  })
  return out
}

const isExternal = (href: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(href)

/**
 * Problems with the relative links of `file`: a target that does not exist, or an anchor that no
 * heading of the target produces. Targets listed in `pending` may be absent (their links are then
 * not checked further); once present they are checked like any other.
 */
export const brokenLinks = (tree: MarkdownTree, file: string, pending: ReadonlySet<string> = new Set()): string[] => {
  const text = tree.files.get(file)
  if (text === undefined) return [`${file}: not found`]
  const problems: string[] = []
  const anchors = new Map<string, Set<string>>()
  const anchorsIn = (path: string, body: string): Set<string> => {
    const known = anchors.get(path) ?? anchorsOf(body)
    anchors.set(path, known)
    return known
  }
  for (const href of linksOf(text)) {
    if (isExternal(href)) continue
    const [rawPath = '', rawAnchor] = href.split('#', 2)
    const target = rawPath === '' ? file : posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(rawPath)))
    const clean = target.replace(/\/$/, '')
    if (!tree.exists(clean)) {
      if (pending.has(clean) && rawAnchor === undefined) continue
      problems.push(`${file}: link "${href}": ${clean} does not exist`)
      continue
    }
    if (rawAnchor === undefined) continue
    const body = tree.files.get(clean)
    if (body === undefined) {
      problems.push(`${file}: link "${href}": anchor into ${clean}, which is not a Markdown file of the tree`)
      continue
    }
    const anchor = decodeURIComponent(rawAnchor)
    if (!anchorsIn(clean, body).has(anchor)) problems.push(`${file}: link "${href}": no heading of ${clean} has the anchor #${anchor}`)
  }
  return problems
}

const SECTION_HEADING = /^§?(\d+(?:\.\d+)?) /

/** The section numbers of the notes' headings (`# §3 …`, `## §3.2 …`, the `§` optional), each with the file that declares it. */
export const sectionsOf = (tree: MarkdownTree, notes: readonly string[]): { readonly section: string; readonly file: string }[] =>
  notes.flatMap((file) =>
    headingsOf(tree.files.get(file) ?? '').flatMap((h) => {
      const m = SECTION_HEADING.exec(h.text)
      return m === null ? [] : [{ section: m[1]!, file }]
    }),
  )

const STATEMENT = /\*\*(Lemma|Proposition|Corollary|Definition) (\d+)\.(\d+)\b/g

/** The numbered statements defined (in bold) in the notes, e.g. `Lemma 6.3`, with their file. */
export const statementsOf = (
  tree: MarkdownTree,
  notes: readonly string[],
): { readonly label: string; readonly section: string; readonly file: string }[] =>
  notes.flatMap((file) =>
    [...(tree.files.get(file) ?? '').matchAll(STATEMENT)].map((m) => ({ label: `${m[2]}.${m[3]}`, section: m[2]!, file })),
  )

/** Values that occur more than once in `xs`. */
export const duplicates = (xs: readonly string[]): string[] => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))]

/** Every `§N` or `§N.M` cited in a text. */
export const citedSections = (text: string): string[] => [...text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]!)
