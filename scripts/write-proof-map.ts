// Rewrites the proof map in proofs-notes/README.md (§0.5) from the obligations catalogue (src/obligations/).
import { readFileSync, writeFileSync } from 'node:fs'
import { PROOF_MAP_MARKERS, proofMapTable } from '../src/obligations/proof-map.ts'

const path = new URL('../proofs-notes/README.md', import.meta.url)
const text = readFileSync(path, 'utf8')
const start = text.indexOf(PROOF_MAP_MARKERS.start)
const end = text.indexOf(PROOF_MAP_MARKERS.end)
if (start < 0 || end < start) {
  console.error('proofs-notes/README.md: the proof-map markers are missing')
  process.exitCode = 1
} else {
  writeFileSync(path, `${text.slice(0, start + PROOF_MAP_MARKERS.start.length)}\n${proofMapTable()}\n${text.slice(end)}`)
  console.log('wrote the proof map of proofs-notes/README.md')
}
