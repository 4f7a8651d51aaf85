// Opens a handle, drops it without closing, forces GC, then proves the lock was released.
import { MemoryFileSystem } from '../../../src/index.js';

const warnings: { name: string; code?: string; message: string }[] = [];
process.on('warning', (warning) =>
  warnings.push({ name: warning.name, code: (warning as { code?: string }).code, message: warning.message }),
);

const mfs = new MemoryFileSystem();
mfs.writeFile('/leak.bin', 'data');
(() => {
  mfs.open('/leak.bin', 'r+b');
})();
let blockedBefore = false;
try {
  mfs.remove('/leak.bin');
} catch {
  blockedBefore = true;
}

const gc = (globalThis as { gc?: () => void }).gc!;
for (let i = 0; i < 20 && warnings.length === 0; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
mfs.remove('/leak.bin');
console.log(JSON.stringify({ blockedBefore, warnings, existsAfter: mfs.exists('/leak.bin') }));
