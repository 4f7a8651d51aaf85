// The worker thread's entry point. Node 20 cannot load TypeScript by itself, and the loader that tsx
// registers in the main thread does not reach worker threads, so this loads the worker through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./etl-staging-worker.ts', import.meta.url);
