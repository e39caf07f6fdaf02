/**
 * The CLI as a hostile user meets it: every case runs the real CLI (in process over a real file
 * system in a temp sandbox, or as a real process where only a process can tell: full disks,
 * closed pipes, the current directory, paths relative to it) and asserts the exit status, the
 * first line of stderr, no stack trace or NaN, and the sandbox before and after, byte for byte:
 * nothing outside the tool's own output may change.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.ts'
import { nodeIo } from '../../src/cli/node-io.ts'
import { OUTPUT_MARKER } from '../../src/report/output-dir.ts'
import {
  CRASH,
  type CliRun,
  FAKE_FILES,
  ROOT,
  boundedAll,
  changedEntries,
  removeSandbox,
  runInProcess,
  runShell,
  sandbox,
  snapshotTree,
} from './sandbox.ts'

const ABSTRACT = fs.readFileSync(path.join(ROOT, 'examples/two-provider-abstract.json'), 'utf8')
const LLM = fs.readFileSync(path.join(ROOT, 'examples/three-provider-llm.json'), 'utf8')
// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited freely by the cases, so they are loosely typed
const abstractJson = (): Record<string, any> => JSON.parse(ABSTRACT) as Record<string, any>
// biome-ignore lint/suspicious/noExplicitAny: as above
const llmJson = (): Record<string, any> => JSON.parse(LLM) as Record<string, any>

/** A marker as a previous run writes it. */
const marker = (files: readonly string[]): string => `${JSON.stringify({ tool: 'sbd', format: 1, files: [...files].sort() }, null, 2)}\n`

/** Writes `files` (relative path → contents) under `dir`. */
const put = (dir: string, files: Readonly<Record<string, string>>): void => {
  for (const [rel, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), contents)
  }
}
/** A directory as a previous run of the tool leaves it. */
const previousOutput = (dir: string): void => {
  put(dir, { 'old.csv': 'x\n', 'figures/old.svg': '<svg/>', [OUTPUT_MARKER]: marker(['old.csv', 'figures/old.svg']) })
}
const mkfifo = (p: string): void => void execFileSync('mkfifo', [p])
const sim = (scenario: string, ...rest: string[]): string[] => ['simulate', '--scenario', scenario, '--horizon', '600', ...rest]
const exp = (out: string, ...rest: string[]): string[] => ['experiment', 'all', '--quick', '--out', out, ...rest]

interface Case {
  readonly name: string
  /** Prepares the sandbox `box` (user files, scenarios, leftovers). */
  readonly setup?: (box: string) => void
  /** In-process arguments; paths are absolute inside `box`. */
  readonly argv?: (box: string) => readonly string[]
  /** Or a real process: a bash script run in `box/work` (`$SBD` is the executable). */
  readonly shell?: string
  readonly code: number
  /** The first line of stderr. */
  readonly stderr: RegExp
  /** Entries of `box` that may change (a prefix matches its subtree); none by default. */
  readonly changes?: readonly string[]
  /** Further checks on the sandbox after the run. */
  readonly after?: (box: string, run: CliRun) => void
}

const outWritten =
  (rel: string) =>
  (box: string): void => {
    const names = fs.readdirSync(path.join(box, rel), { recursive: true }).map(String).sort()
    expect(names).toEqual(
      [OUTPUT_MARKER, 'README.md', 'figures', ...FAKE_FILES.map((f) => f.name).filter((n) => n.includes('/')), 'summary.csv'].sort(),
    )
    expect(JSON.parse(fs.readFileSync(path.join(box, rel, OUTPUT_MARKER), 'utf8'))).toEqual({
      tool: 'sbd',
      format: 1,
      files: FAKE_FILES.map((f) => f.name).sort(),
    })
  }

const OUT_CASES: readonly Case[] = [
  {
    name: 'out: a new path',
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote 4 files to/,
    changes: ['out'],
    after: outWritten('out'),
  },
  {
    name: 'out: a new nested path',
    argv: (b) => exp(`${b}/a/b/out`),
    code: 0,
    stderr: /^wrote 4 files/,
    changes: ['a'],
    after: outWritten('a/b/out'),
  },
  {
    name: 'out: an empty directory',
    setup: (b) => fs.mkdirSync(`${b}/out`),
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out'],
    after: outWritten('out'),
  },
  {
    name: 'out: a directory written by a previous run is replaced',
    setup: (b) => previousOutput(`${b}/out`),
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out'],
    after: outWritten('out'),
  },
  {
    name: 'out: trailing slash on a previous output',
    setup: (b) => previousOutput(`${b}/out`),
    argv: (b) => exp(`${b}/out/`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out'],
    after: outWritten('out'),
  },
  {
    name: 'out: a previous output with a file the user added',
    setup: (b) => {
      previousOutput(`${b}/out`)
      put(b, { 'out/notes.txt': 'mine' })
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /^error: --out: cannot write ".*\/out": it holds "notes.txt", which sbd did not write/,
  },
  {
    name: 'out: a previous output with a folder the user added',
    setup: (b) => {
      previousOutput(`${b}/out`)
      fs.mkdirSync(`${b}/out/mine`)
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /holds the folder "mine", which sbd did not write/,
  },
  {
    name: 'out: a previous output holding a symbolic link',
    setup: (b) => {
      previousOutput(`${b}/out`)
      fs.symlinkSync('/etc/passwd', `${b}/out/old.csv.link`)
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /"old.csv.link", which is not a regular file/,
  },
  {
    name: 'out: a previous output holding a FIFO',
    setup: (b) => {
      previousOutput(`${b}/out`)
      mkfifo(`${b}/out/pipe`)
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /"pipe", which is not a regular file/,
  },
  {
    name: 'out: a foreign non-empty directory',
    setup: (b) => put(b, { 'out/thesis.tex': '\\begin' }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /^error: --out: cannot write ".*": it is a non-empty directory not written by sbd \(it has no \.sbd-output\.json\)/,
  },
  {
    name: 'out: a foreign directory holding only an empty folder',
    setup: (b) => fs.mkdirSync(`${b}/out/sub`, { recursive: true }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /non-empty directory not written by sbd/,
  },
  {
    name: 'out: a marker that is not JSON',
    setup: (b) => put(b, { 'out/a.csv': 'x', [`out/${OUTPUT_MARKER}`]: '{nope' }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is not a marker written by sbd/,
  },
  {
    name: 'out: a marker of another tool',
    setup: (b) => put(b, { 'out/a.csv': 'x', [`out/${OUTPUT_MARKER}`]: JSON.stringify({ tool: 'other', format: 1, files: ['a.csv'] }) }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is not a marker written by sbd/,
  },
  {
    name: 'out: a marker of a future format',
    setup: (b) => put(b, { 'out/a.csv': 'x', [`out/${OUTPUT_MARKER}`]: JSON.stringify({ tool: 'sbd', format: 99, files: ['a.csv'] }) }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is not a marker written by sbd \(format 1\)/,
  },
  {
    name: 'out: a marker that is a directory',
    setup: (b) => {
      fs.mkdirSync(`${b}/out/${OUTPUT_MARKER}`, { recursive: true })
      put(b, { 'out/a.csv': 'x' })
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /not written by sbd/,
  },
  {
    name: 'out: a regular file',
    setup: (b) => put(b, { out: 'precious' }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /^error: --out: cannot write ".*\/out": is a regular file; sbd writes only a new path or a directory it wrote before/,
  },
  {
    name: 'out: an empty regular file',
    setup: (b) => put(b, { out: '' }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is a regular file/,
  },
  {
    name: 'out: a symbolic link to a foreign directory',
    setup: (b) => {
      put(b, { 'real/x': '1' })
      fs.symlinkSync(`${b}/real`, `${b}/out`)
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is a symbolic link/,
  },
  {
    name: 'out: a symbolic link to a previous output',
    setup: (b) => {
      previousOutput(`${b}/real`)
      fs.symlinkSync(`${b}/real`, `${b}/out`)
    },
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is a symbolic link/,
  },
  {
    name: 'out: a dangling symbolic link',
    setup: (b) => fs.symlinkSync(`${b}/nowhere`, `${b}/out`),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /is a symbolic link/,
  },
  { name: 'out: a FIFO', setup: (b) => mkfifo(`${b}/out`), argv: (b) => exp(`${b}/out`), code: 2, stderr: /is a named pipe \(FIFO\)/ },
  {
    name: 'out: a device node (/dev/null)',
    argv: () => exp('/dev/null'),
    code: 2,
    stderr: /^error: --out: cannot write "\/dev\/null": is a character device/,
  },
  { name: 'out: the root directory', argv: () => exp('/'), code: 2, stderr: /^error: --out: cannot write "\/": is the root directory/ },
  {
    name: 'out: below a regular file',
    setup: (b) => put(b, { file: 'x' }),
    argv: (b) => exp(`${b}/file/out`),
    code: 2,
    stderr: /its parent ".*\/file" is a regular file, not a directory/,
  },
  {
    name: 'out: deep below a regular file',
    setup: (b) => put(b, { file: 'x' }),
    argv: (b) => exp(`${b}/file/a/b/out`),
    code: 2,
    stderr: /its parent ".*\/file" is a regular file/,
  },
  {
    name: 'out: a path of 5000 characters',
    argv: (b) => exp(`${b}/${'o'.repeat(5000)}`),
    code: 2,
    stderr: /^error: --out: cannot write ".*"… \(\d+ characters\): ENAMETOOLONG/,
  },
  {
    name: 'check: a seed above 2^31 − 1',
    argv: () => ['check', '--seed', '2147483648'],
    code: 2,
    stderr: /^error: --seed: expected an integer in \[0, 2147483647\]/,
  },
  { name: 'out: an empty path', argv: () => exp(''), code: 2, stderr: /^error: --out: expected a directory path/ },
  { name: 'out: a path with a NUL byte', argv: (b) => exp(`${b}/o\0ut`), code: 2, stderr: /expected a directory path/ },
  {
    name: 'out: a path in /proc (the system refuses: exit 1)',
    argv: () => exp('/proc/sbd-hostile-out'),
    code: 1,
    stderr: /^error: --out: cannot write "\/proc\/sbd-hostile-out": ENOENT/,
  },
  {
    name: 'out: a path in /sys (the system refuses: exit 1)',
    argv: () => exp('/sys/sbd-hostile-out'),
    code: 1,
    stderr: /^error: --out: cannot write "\/sys\/sbd-hostile-out": E(PERM|ACCES|ROFS)/,
  },
  {
    name: 'out: a file that cannot be written midway keeps the previous output',
    setup: (b) => previousOutput(`${b}/out`),
    argv: (b) => exp(`${b}/out`),
    code: 1,
    stderr: /^error: --out: cannot write ".*\/out": ENAMETOOLONG/,
  },
  {
    name: "leftover: an interrupted run's temp dir is removed",
    setup: (b) =>
      put(b, {
        '.sbd-tmp-out/.sbd-partial.json': JSON.stringify({ tool: 'sbd', format: 1, pid: 2 ** 22 + 7 }),
        '.sbd-tmp-out/half.csv': 'a,',
      }),
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out', '.sbd-tmp-out'],
    after: (b) => {
      outWritten('out')(b)
      expect(fs.existsSync(`${b}/.sbd-tmp-out`)).toBe(false)
    },
  },
  {
    name: 'leftover: a finished temp dir (marker, not yet renamed) is removed',
    setup: (b) => previousOutput(`${b}/.sbd-tmp-out`),
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out', '.sbd-tmp-out'],
    after: outWritten('out'),
  },
  {
    name: "leftover: an interrupted swap's old dir is removed",
    setup: (b) => previousOutput(`${b}/.sbd-old-out`),
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out', '.sbd-old-out'],
    after: (b) => expect(fs.existsSync(`${b}/.sbd-old-out`)).toBe(false),
  },
  {
    name: 'leftover: a temp dir of a live run is not touched',
    setup: (b) => put(b, { '.sbd-tmp-out/.sbd-partial.json': JSON.stringify({ tool: 'sbd', format: 1, pid: process.ppid }) }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /another sbd run \(pid \d+\) is writing this output/,
  },
  {
    name: 'leftover: a user directory named like the temp dir',
    setup: (b) => put(b, { '.sbd-tmp-out/mine.txt': 'keep' }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /".*\/\.sbd-tmp-out": is in the way of the output and is not a leftover of sbd/,
  },
  {
    name: 'leftover: a user file named like the old dir',
    setup: (b) => put(b, { '.sbd-old-out': 'keep' }),
    argv: (b) => exp(`${b}/out`),
    code: 2,
    stderr: /\.sbd-old-out": is in the way of the output and is not a leftover of sbd \(it is a regular file\)/,
  },
  {
    name: 'out: two runs give the same bytes',
    setup: (b) => previousOutput(`${b}/out`),
    argv: (b) => exp(`${b}/out`),
    code: 0,
    stderr: /^wrote/,
    changes: ['out'],
    after: (b) => {
      const first = snapshotTree(`${b}/out`)
      return runInProcess(exp(`${b}/out`)).then((r) => {
        expect(r.code).toBe(0)
        expect(snapshotTree(`${b}/out`)).toEqual(first)
      })
    },
  },
  {
    name: 'experiment: a bad seed and a bad --out are both reported, nothing written',
    setup: (b) => put(b, { out: 'x' }),
    argv: (b) => exp(`${b}/out`, '--seed', '1.5'),
    code: 2,
    stderr: /^error: --seed: expected an integer/,
  },
  {
    name: 'experiment: an unknown name writes nothing',
    argv: (b) => ['experiment', 'nope', '--out', `${b}/out`],
    code: 2,
    stderr: /^error: experiment: unknown "nope"/,
  },
  {
    name: 'experiment: a seed of 400 digits',
    argv: (b) => exp(`${b}/out`, '--seed', '9'.repeat(400)),
    code: 2,
    stderr: /^error: --seed: expected an integer in \[0, 2147483647\], got "9{60}"… \(400 characters\)/,
  },
]

const scn = (box: string, name: string, text: string | Buffer): string => {
  fs.writeFileSync(path.join(box, name), text)
  return path.join(box, name)
}
const withScenario =
  (name: string, text: () => string | Buffer) =>
  (b: string): void =>
    void scn(b, name, text())

const SCENARIO_CASES: readonly Case[] = [
  {
    name: 'scenario: the abstract example runs',
    setup: withScenario('s.json', () => ABSTRACT),
    argv: (b) => sim(`${b}/s.json`),
    code: 0,
    stderr: /^$/,
  },
  {
    name: 'scenario: the LLM example runs',
    setup: withScenario('s.json', () => LLM),
    argv: (b) => sim(`${b}/s.json`, '--format', 'table'),
    code: 0,
    stderr: /^$/,
  },
  {
    name: 'scenario: through a symbolic link to a regular file',
    setup: (b) => {
      scn(b, 's.json', ABSTRACT)
      fs.symlinkSync(`${b}/s.json`, `${b}/link.json`)
    },
    argv: (b) => sim(`${b}/link.json`),
    code: 0,
    stderr: /^$/,
  },
  {
    name: 'scenario: with a UTF-8 byte order mark',
    setup: withScenario('s.json', () => `\uFEFF${ABSTRACT}`),
    argv: (b) => sim(`${b}/s.json`),
    code: 0,
    stderr: /^$/,
  },
  {
    name: 'scenario: a path of 5000 characters',
    argv: (b) => sim(`${b}/${'x'.repeat(5000)}`),
    code: 2,
    stderr: /^error: --scenario: cannot read ".*"… \(\d+ characters\): ENAMETOOLONG/,
  },
  { name: 'scenario: an empty path', argv: () => sim(''), code: 2, stderr: /^error: --scenario: required/ },
  {
    name: 'scenario: a missing file',
    argv: (b) => sim(`${b}/missing.json`),
    code: 2,
    stderr: /^error: --scenario: cannot read ".*missing.json": ENOENT/,
  },
  {
    name: 'scenario: a dangling symbolic link',
    setup: (b) => fs.symlinkSync(`${b}/nowhere`, `${b}/s.json`),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /cannot read .*: ENOENT/,
  },
  {
    name: 'scenario: a directory',
    argv: (b) => sim(b),
    code: 2,
    stderr: /^error: --scenario: cannot read ".*": is a directory, not a regular file/,
  },
  {
    name: 'scenario: /dev/zero',
    argv: () => sim('/dev/zero'),
    code: 2,
    stderr: /^error: --scenario: cannot read "\/dev\/zero": is a character device, not a regular file/,
  },
  { name: 'scenario: /dev/null', argv: () => sim('/dev/null'), code: 2, stderr: /"\/dev\/null": is a character device/ },
  {
    name: 'scenario: a FIFO with no writer (no hang)',
    setup: (b) => mkfifo(`${b}/s.json`),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /is a named pipe \(FIFO\), not a regular file/,
  },
  {
    name: 'scenario: a file above the size cap (sparse, 5 MiB)',
    setup: (b) => fs.truncateSync(scn(b, 's.json', ''), 5 * 1024 * 1024),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /is 5242880 bytes, above the limit of 4194304 bytes for an input file/,
  },
  {
    name: 'scenario: invalid UTF-8',
    setup: withScenario('s.json', () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /is not valid UTF-8 text/,
  },
  {
    name: 'scenario: an empty file',
    setup: withScenario('s.json', () => ''),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /s\.json: invalid JSON at line 1, column 1/,
  },
  {
    name: 'scenario: 10^6 nested arrays',
    setup: withScenario('s.json', () => `${'['.repeat(1e6)}${']'.repeat(1e6)}`),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /s\.json: \(root\): expected a scenario object/,
  },
  {
    name: 'scenario: 10^6 unclosed arrays',
    setup: withScenario('s.json', () => '['.repeat(1e6)),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /invalid JSON at line 1, column 1000001/,
  },
  {
    name: 'scenario: a duplicate top-level key',
    setup: withScenario('s.json', () => ABSTRACT.replace('"kind": "abstract",', '"kind": "abstract",\n  "kind": "llm",')),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /^error: .*s\.json: duplicate key "kind" at line 3, column 3/,
  },
  {
    name: 'scenario: a duplicate key in a provider',
    setup: withScenario('s.json', () => ABSTRACT.replace('"honestProfit": "0.05",', '"honestProfit": "0.05", "honestProfit": "9",')),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /duplicate key "honestProfit" at line 10, column 31/,
  },
  {
    name: 'scenario: a duplicate key spelled with an escape',
    setup: withScenario('s.json', () => ABSTRACT.replace('"noise": "bernoulli",', '"noise": "bernoulli", "\\u006eoise": "none",')),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /duplicate key "noise" at line 5/,
  },
  {
    name: 'scenario: equal keys in different objects are fine',
    setup: withScenario('s.json', () => ABSTRACT),
    argv: (b) => sim(`${b}/s.json`, '--format', 'table'),
    code: 0,
    stderr: /^$/,
  },
  {
    name: 'scenario: a __proto__ key',
    setup: withScenario('s.json', () => ABSTRACT.replace('"noise": "bernoulli",', '"noise": "bernoulli", "__proto__": {"x": 1},')),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /\["__proto__"\]: unexpected field|__proto__: unexpected field/,
  },
  {
    name: 'scenario: a decimal of 200 digits',
    setup: withScenario('s.json', () => ABSTRACT.replace('"honestProfit": "0.05"', `"honestProfit": "0.${'5'.repeat(200)}"`)),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /providers\[0\]\.honestProfit: expected a non-negative amount/,
  },
  {
    name: 'scenario: the abstract per-round limit (range 0–100000, slope 1000)',
    setup: withScenario('s.json', () => {
      const j = abstractJson()
      j.range = { xLo: '0', xHi: '100000' }
      j.providers[0] = { id: 'a', honestMean: '100000', honestProfit: '0.05', segments: [{ length: '100000', slope: '1000' }] }
      return JSON.stringify(j)
    }),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr:
      /^error: .*s\.json: providers\[0\]\.segments: the full-cheat profit honestProfit \+ Σ slope·length is 100000000\.05 USD, above the per-round limit of 17592186\.044415 USD/,
  },
  {
    name: 'scenario: the per-round limit on the range (3-place slopes)',
    setup: withScenario('s.json', () => {
      const j = abstractJson()
      j.range = { xLo: '-1000000', xHi: '0' }
      j.providers = [
        { id: 'a', honestMean: '0', honestProfit: '0', segments: [{ length: '1', slope: '0.001' }] },
        { id: 'b', honestMean: '-1', honestProfit: '0', segments: [] },
      ]
      return JSON.stringify(j)
    }),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /range\.xLo: range\.xLo is -1000000 USD, above the per-round limit of 17592\.186044415 USD/,
  },
  {
    name: 'scenario: the LLM per-round limit names the provider',
    setup: withScenario('s.json', () => {
      const j = llmJson()
      j.providers[1].premium.outputPrice = '1000000'
      return JSON.stringify(j)
    }),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr:
      /^error: .*s\.json: providers\[1\]\.premium: the largest bill \(at maxInflation and the longest output\) is \d+(\.\d+)? USD, above the per-round limit/,
  },
  {
    name: 'scenario: the LLM per-round limit on the value per correct answer',
    setup: withScenario('s.json', () => {
      const j = llmJson()
      j.market.valuePerCorrect = '999999.123456'
      return JSON.stringify(j)
    }),
    argv: (b) => sim(`${b}/s.json`),
    code: 2,
    stderr: /market\.valuePerCorrect: market\.valuePerCorrect is 999999\.123456 USD, above the per-round limit/,
  },
  {
    name: 'scenario: the largest abstract scenario that fits runs',
    setup: withScenario('s.json', () => {
      const j = abstractJson()
      j.range = { xLo: '-1000000', xHi: '0' }
      j.providers = [
        { id: 'a', honestMean: '0', honestProfit: '1000000', segments: [{ length: '1000000', slope: '15' }] },
        { id: 'b', honestMean: '-1', honestProfit: '0', segments: [] },
      ]
      return JSON.stringify(j)
    }),
    argv: (b) => sim(`${b}/s.json`, '--strategy', 'full-cheat'),
    code: 0,
    stderr: /^warning: Assumption A fails \(a: withholding slope 15 > 1 .*: Theorem 1 \(τ\* is η-IC\) is not proved/,
  },
]

const OPTION_CASES: readonly Case[] = [
  [
    '--epsilon',
    '0.2500000000000000000000000000000000000001',
    /^error: --epsilon: expected a decimal in \(0, 0\.5\) such as 0\.25, with at most 6 decimal places, got "0\.25000000000000000000000000000000000000/,
  ],
  ['--epsilon', `0.${'1'.repeat(59)}`, /^error: --epsilon: expected a decimal in \(0, 0\.5\)/],
  ['--epsilon', `0.${'1'.repeat(5000)}`, /^error: --epsilon: .* \(5002 characters\)$/],
  ['--epsilon', '1e-3', /^error: --epsilon: expected/],
  ['--epsilon', '0.5', /^error: --epsilon: expected/],
  ['--epsilon', '-0', /^error: --epsilon: expected/],
  ['--epsilon', '.25', /^error: --epsilon: expected/],
  ['--epsilon', '', /^error: --epsilon: expected/],
  ['--epsilon', 'NaN', /^error: --epsilon: expected/],
  [
    '--theta',
    '0.1234567',
    /^error: --theta: expected a decimal target in USD such as 0\.6, in \[-10\^6, 10\^6\] with at most 6 decimal places/,
    ['--mechanism', 'posted-target'],
  ],
  ['--theta', '1000000.5', /^error: --theta: expected/, ['--mechanism', 'posted-target']],
  ['--lambda', '1.5', /^error: --lambda: expected a decimal in \[0, 1\]/, ['--mechanism', 'target-mix']],
  ['--lambda', '0.0000001', /^error: --lambda: expected/, ['--mechanism', 'target-mix']],
  ['--theta', '0.6', /^error: --theta: not a parameter of sbd \(it reads --epsilon, --rebate, --bonus\)/],
  [
    '--rebate',
    'on',
    /^error: --rebate: not a parameter of pay-the-bill \(it reads none\)$/,
    ['--mechanism', 'pay-the-bill', '--theta', '3'],
  ],
  ['--horizon', '1000000001', /^error: --horizon: expected an integer in \[1, 1000000000\], got "1000000001"/],
  ['--horizon', '00010', /^error: --horizon: expected an integer/],
  ['--horizon', '1e3', /^error: --horizon: expected an integer/],
  ['--horizon', '9'.repeat(30), /^error: --horizon: expected an integer/],
  ['--seed', '-1', /^error: --seed: expected an integer in \[0, 2147483647\]/],
  ['--seed', '2147483648', /^error: --seed: expected an integer/],
  ['--strategy', `${'endgame:'.repeat(15_000)}honest`, /^error: --strategy: strategy: a name has at most 200 characters, got 120006/],
  ['--strategy', `${'endgame:'.repeat(20)}honest`, /^error: --strategy: endgame: wraps a strategy at most once/],
  ['--strategy', 'endgame:endgame', /^error: --strategy: endgame: wraps a strategy at most once/],
  ['--strategy', 'x'.repeat(100_000), /^error: --strategy: strategy: a name has at most 200 characters/],
  ['--strategy', 'mimic:1e999999999', /^error: --strategy: mimic: expected a mean ū' as a decimal/],
  ['--strategy', 'mimic:0.1234567', /^error: --strategy: mimic: expected/],
  ['--strategy', 'shade:-1', /^error: --strategy: shade: expected a non-negative withheld amount/],
  ['--strategy', 'shade:+1', /^error: --strategy: shade: expected a withheld amount/],
  ['--strategy', 'margin-1e3R', /^error: --strategy: margin: expected a non-negative number of R/],
  ['--strategy', `margin-${'9'.repeat(60)}R`, /^error: --strategy: margin: expected a non-negative number of R \(at most 10\^6/],
  ['--strategy', `margin-${'9'.repeat(300)}R`, /^error: --strategy: strategy: a name has at most 200 characters, got 308/],
  ['--format', 'xml', /^error: option '--format <f>' argument 'xml' is invalid/],
  ['--mechanism', 'posted-target', /^error: --theta: required for posted-target/],
].map(
  ([opt, value, stderr, extra]): Case => ({
    name: `option: ${String(opt)} ${String(value).length > 40 ? `${String(value).slice(0, 30)}… (${String(value).length} chars)` : JSON.stringify(value)}${extra === undefined ? '' : ` ${(extra as string[]).join(' ')}`}`,
    setup: withScenario('s.json', () => ABSTRACT),
    argv: (b) => sim(`${b}/s.json`, opt as string, value as string, ...((extra as string[] | undefined) ?? [])),
    code: 2,
    stderr: stderr as RegExp,
  }),
)

const okOptions: readonly Case[] = [
  ['--strategy', 'endgame:mimic:0.3'],
  ['--strategy', 'margin-2.5R'],
  ['--epsilon', '0.499999'],
  ['--mechanism', 'target-mix', '--lambda', '1', '--epsilon', '0.3'],
].map(
  (extra): Case => ({
    name: `option: accepted ${extra.join(' ')}`,
    setup: withScenario('s.json', () => ABSTRACT),
    argv: (b) => sim(`${b}/s.json`, ...extra),
    code: 0,
    stderr: /^$/,
  }),
)

/** Cases only a real process can tell: full disks, closed pipes, the current directory. */
const PROCESS_CASES: readonly Case[] = [
  {
    name: 'process: simulate > /dev/full',
    setup: (b) => put(b, { 'work/s.json': ABSTRACT }),
    shell: '$SBD simulate --scenario s.json --horizon 600 > /dev/full',
    code: 1,
    stderr: /^sbd: cannot write standard output: ENOSPC/,
  },
  {
    name: 'process: simulate into a closed pipe exits quietly',
    setup: (b) => put(b, { 'work/s.json': ABSTRACT }), // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
    shell: '$SBD simulate --scenario s.json --horizon 600 | true; exit ${PIPESTATUS[0]}',
    code: 0,
    stderr: /^$/,
  },
  {
    name: 'process: SIGTERM during a long run leaves no output and no trace',
    setup: (b) => put(b, { 'work/s.json': ABSTRACT }),
    shell: '$SBD simulate --scenario s.json --horizon 1000000000 & pid=$!; sleep 3; kill -TERM $pid; wait $pid',
    code: 143,
    stderr: /^$/,
  },
  {
    name: 'process: experiment --out . in a directory of user files',
    setup: (b) => put(b, { 'work/thesis.tex': 'years of work', 'work/data/raw.csv': '1,2' }),
    shell: '$SBD experiment all --quick --out .',
    code: 2,
    stderr: /^error: --out: cannot write ".": is the current directory or one of its ancestors/,
  },
  {
    name: 'process: experiment --out .. (an ancestor of the current directory)',
    setup: (b) => fs.mkdirSync(`${b}/work`),
    shell: '$SBD experiment all --quick --out ..',
    code: 2,
    stderr: /^error: --out: cannot write "..": is the current directory or one of its ancestors/,
  },
  {
    name: 'process: --proofs-notes outside a checkout writes nothing',
    setup: (b) => fs.mkdirSync(`${b}/work`),
    shell: '$SBD experiment all --quick --out results --proofs-notes',
    code: 2,
    stderr:
      /^error: --proofs-notes: cannot write "proofs-notes\/figures\/deviation-gain-loglog\.svg": its folder "proofs-notes\/figures" does not exist/,
  },
]

/** `--proofs-notes` in process: the figure's relative path is resolved inside the sandbox. */
const NOTES_CASES: readonly Case[] = [
  {
    name: 'proofs-notes: the figure is copied into an existing folder',
    setup: (b) => fs.mkdirSync(`${b}/proofs-notes/figures`, { recursive: true }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 0,
    stderr: /^wrote 4 files to .* and proofs-notes\/figures\/deviation-gain-loglog\.svg, proofs-notes\/figures\/deviation-gain-loglog\.png/,
    changes: ['out', 'proofs-notes/figures/deviation-gain-loglog.png', 'proofs-notes/figures/deviation-gain-loglog.svg'],
    after: (b) => expect(fs.readFileSync(`${b}/proofs-notes/figures/deviation-gain-loglog.svg`, 'utf8')).toBe(FAKE_FILES[2]!.contents),
  },
  {
    name: 'proofs-notes: --formats svg copies the SVG only',
    setup: (b) => fs.mkdirSync(`${b}/proofs-notes/figures`, { recursive: true }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes', '--formats', 'svg'),
    code: 0,
    stderr: /^wrote 4 files to .* and proofs-notes\/figures\/deviation-gain-loglog\.svg$/,
    changes: ['out', 'proofs-notes/figures/deviation-gain-loglog.svg'],
  },
  {
    name: 'proofs-notes: a bad --formats is refused before anything is written',
    setup: (b) => fs.mkdirSync(`${b}/proofs-notes/figures`, { recursive: true }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes', '--formats', 'svg,pdf'),
    code: 2,
    stderr: /--formats: expected a comma-separated subset of svg,png, got "svg,pdf"/,
  },
  {
    name: 'proofs-notes: the figure replaces the previous one',
    setup: (b) => put(b, { 'proofs-notes/figures/deviation-gain-loglog.svg': '<svg>old</svg>' }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 0,
    stderr: /^wrote/,
    changes: ['out', 'proofs-notes/figures/deviation-gain-loglog.png', 'proofs-notes/figures/deviation-gain-loglog.svg'],
  },
  {
    name: 'proofs-notes: a missing folder is refused before --out is written',
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 2,
    stderr:
      /^error: --proofs-notes: cannot write "proofs-notes\/figures\/deviation-gain-loglog\.svg": its folder "proofs-notes\/figures" does not exist/,
  },
  {
    name: 'proofs-notes: the figure path is a directory',
    setup: (b) => fs.mkdirSync(`${b}/proofs-notes/figures/deviation-gain-loglog.svg`, { recursive: true }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 2,
    stderr: /deviation-gain-loglog\.svg": is a directory, not a regular file/,
  },
  {
    name: 'proofs-notes: the figure is a symbolic link',
    setup: (b) => {
      fs.mkdirSync(`${b}/proofs-notes/figures`, { recursive: true })
      fs.symlinkSync('/etc/hostname', `${b}/proofs-notes/figures/deviation-gain-loglog.svg`)
    },
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 2,
    stderr: /is a symbolic link, not a regular file/,
  },
  {
    name: 'proofs-notes: the figures folder is a file',
    setup: (b) => put(b, { 'proofs-notes/figures': 'x' }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 2,
    stderr: /its folder "proofs-notes\/figures" is a regular file/,
  },
  {
    name: 'proofs-notes: a bad --out and a bad figure are both reported',
    setup: (b) => put(b, { out: 'x' }),
    argv: (b) => exp(`${b}/out`, '--proofs-notes'),
    code: 2,
    stderr: /^error: --out: cannot write .*: is a regular file/,
    after: (_b, r) => expect(r.stderr).toMatch(/\nerror: --proofs-notes: cannot write/),
  },
]

const ALL: readonly Case[] = [...OUT_CASES, ...NOTES_CASES, ...SCENARIO_CASES, ...OPTION_CASES, ...okOptions, ...PROCESS_CASES]
/** Every case that fails midway gets files that cannot all be written. */
const FAILING_FILES = [...FAKE_FILES, { name: `figures/${'x'.repeat(300)}.svg`, contents: '' }]

const boxes: string[] = []
afterAll(() => boxes.forEach(removeSandbox))

/** The real single-file check and write, with relative paths resolved inside `box` instead of the current directory. */
const inBox = (box: string): Partial<CliIo> => {
  const io = nodeIo({ stdout: () => undefined, stderr: () => undefined })
  const shown = (msg: string | null): string | null => (msg === null ? null : msg.split(`${box}/`).join(''))
  return {
    checkOutputFile: (p) => shown(io.checkOutputFile(path.join(box, p))),
    writeFile: (p, contents) => shown(io.writeFile(path.join(box, p), contents)),
  }
}

/** Runs one case: setup, snapshot, run, snapshot, and every check. */
const runCase = async (c: Case): Promise<void> => {
  const box = sandbox()
  boxes.push(box)
  c.setup?.(box)
  const before = snapshotTree(box)
  if (c.shell !== undefined) fs.mkdirSync(`${box}/work`, { recursive: true })
  const run =
    c.shell !== undefined
      ? await runShell(c.shell, `${box}/work`)
      : await runInProcess(
          c.argv!(box),
          c.name.includes('cannot be written midway') ? FAILING_FILES : FAKE_FILES,
          c.name.startsWith('proofs-notes') ? inBox(box) : {},
        )
  const after = snapshotTree(box)
  const label = `${c.name}\nstderr: ${run.stderr.slice(0, 500)}`
  expect(run.code, label).toBe(c.code)
  // The first line after the warnings on violated assumptions (the default study's LLM scenario violates U).
  const lines = run.stderr.split('\n')
  const first = c.stderr.source.startsWith('^warning') ? lines[0] : lines.find((l) => !l.startsWith('warning: Assumption '))
  expect(first ?? '', label).toMatch(c.stderr)
  expect(run.stderr.replace(/"[^"\n]*"/g, '""'), label).not.toMatch(CRASH) // quoted input may say NaN
  expect(run.stdout.slice(0, 100_000), label).not.toMatch(CRASH)
  if (c.code !== 0) expect(run.stdout, label).toBe('')
  const allowed = c.changes ?? []
  const stray = changedEntries(before, after).filter((e) => !allowed.some((a) => e === a || e.startsWith(`${a}/`)))
  expect(stray, label).toEqual([])
  expect(
    [...after.keys()].filter((k) => /(^|\/)\.sbd-(tmp|old)-/.test(k) && !before.has(k)),
    label,
  ).toEqual([])
  await c.after?.(box, run)
}

describe('hostile CLI cases', () => {
  it('has at least 80 cases, each named once', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(80)
    expect(new Set(ALL.map((c) => c.name)).size).toBe(ALL.length)
  })

  it.each(ALL.filter((c) => c.shell === undefined).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c)
  })

  it('real processes (bounded concurrency)', async () => {
    const failures: string[] = []
    await boundedAll(
      PROCESS_CASES.map((c) => async () => {
        try {
          await runCase(c)
        } catch (e) {
          failures.push((e as Error).message)
        }
      }),
      2,
    )
    expect(failures).toEqual([])
  })
})
