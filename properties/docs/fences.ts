/**
 * The code examples of the documentation, as the docs suite runs them: fenced blocks of Markdown
 * files and of the `@example` blocks of `src/index.ts`, with the shell commands of `sh` blocks and
 * the output each example shows.
 *
 * Conventions of the documentation (checked here, not by convention alone):
 * - a ```` ```ts ```` block is a whole program; a ```` ```text output ```` block right after it is
 *   its expected standard output;
 * - a ```` ```sh ```` block is a transcript: `$ command` lines (a trailing `\` continues a
 *   command), each followed by the output it prints;
 * - a ```` ```json scenario ```` block is a scenario file that must decode;
 * - a block that cannot run in a test is marked ```` ```sh no-run <reason> ````, and the reason is
 *   required.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** One fenced block. */
export interface Fence {
  /** Where it is: `file:line` of the opening fence. */
  readonly where: string
  /** The language (`ts`, `sh`, `json`, `text`, …), possibly empty. */
  readonly lang: string
  /** The rest of the info string, e.g. `output` or `no-run: writes results/`. */
  readonly info: string
  /** The block's text, ending with a newline. */
  readonly body: string
}

/** The fenced blocks of a Markdown text, in order. */
export const fencesOf = (file: string, text: string): Fence[] => {
  const fences: Fence[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*(.*)$/.exec(lines[i]!)
    if (open === null) continue
    const end = lines.findIndex((l, j) => j > i && l === open[1])
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed fence`)
    fences.push({ where: `${file}:${i + 1}`, lang: open[2]!, info: open[3]!.trim(), body: `${lines.slice(i + 1, end).join('\n')}\n` })
    i = end
  }
  return fences
}

/** The Markdown of the doc comments of a TypeScript source (the ` * ` prefix removed). */
export const docCommentMarkdown = (source: string): string =>
  [...source.matchAll(/\/\*\*([\s\S]*?)\*\//g)]
    .map((m) =>
      m[1]!
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n'),
    )
    .join('\n')

/** A command of a transcript and the output shown after it. */
export interface Step {
  /** The command line, continuations joined. */
  readonly command: string
  /** The lines shown after it (may be empty: output not shown). */
  readonly output: readonly string[]
}

/** The `$ ` commands of an `sh` block and the output lines shown after each. */
export const transcript = (body: string): Step[] => {
  const steps: { command: string; output: string[] }[] = []
  const lines = body.replace(/\n$/, '').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('$ ')) {
      let command = line.slice(2)
      while (command.endsWith('\\') && i + 1 < lines.length) command = `${command.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`
      steps.push({ command, output: [] })
    } else if (steps.length === 0) throw new Error(`output before any "$ " command: ${line}`)
    else steps[steps.length - 1]!.output.push(line)
  }
  return steps
}

/** Splits a command line into words (single and double quotes group; no other shell syntax). */
export const words = (command: string): string[] => {
  const out: string[] = []
  for (const m of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!)
  return out
}

/** The package import as the documentation writes it. */
export const PACKAGE_IMPORT = `from 'second-best-delegation'`

/** A document whose code fences are examples: its path and its Markdown. */
export interface ExampleDocument {
  readonly file: string
  readonly text: string
  /** True for API pages (doc comments), where only self-contained examples (importing the package) run. */
  readonly selfContainedOnly?: boolean
}

/**
 * Every document whose examples the docs test runs and the type-check checks: the README, the
 * guides, the package's front page (`src/index.ts`) and the doc comments of every source file that
 * has a self-contained example, all under `root`.
 */
export const exampleDocuments = (root: string): ExampleDocument[] => {
  const read = (file: string): string => readFileSync(join(root, file), 'utf8')
  const sourceFiles = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : [],
    )
  const guides = readdirSync(join(root, 'guides'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `guides/${f}`)
  const apiPages = sourceFiles('src')
    .filter((f) => f !== 'src/index.ts')
    .filter((f) => docCommentMarkdown(read(f)).includes(PACKAGE_IMPORT))
    .sort()
  return [
    ...['README.md', ...guides].map((file) => ({ file, text: read(file) })),
    { file: 'src/index.ts', text: docCommentMarkdown(read('src/index.ts')) },
    ...apiPages.map((file) => ({ file, text: docCommentMarkdown(read(file)), selfContainedOnly: true })),
  ]
}
