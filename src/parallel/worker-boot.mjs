// Worker-thread entry of the pool (src/parallel/pool.ts): registers tsx's loader in this thread
// (loaders of the main thread do not reach workers), then loads the TypeScript worker host.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
