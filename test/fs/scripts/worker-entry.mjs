// Worker entry point: Node 20 cannot run TypeScript by itself, so this registers tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./worker-filesystem.ts');
