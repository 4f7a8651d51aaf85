// The code under test: it writes a receipt per order and a summary into a filesystem it is given.
import type { MemoryFileSystem } from 'dmemfs';

/** An order of the day; amounts are in cents. */
export interface Order {
  readonly id: string;
  readonly cents: number;
  readonly status: 'paid' | 'refunded';
}

/** Writes `<dir>/receipts/<id>.json` for every order, then `<dir>/summary.json`. */
export function writeReceipts(mfs: MemoryFileSystem, dir: string, orders: readonly Order[]): void {
  mfs.mkdir(`${dir}/receipts`, { existOk: true });
  let paidCents = 0;
  for (const order of orders) {
    mfs.writeFile(`${dir}/receipts/${order.id}.json`, `${JSON.stringify(order)}\n`);
    paidCents += order.cents; // A deliberate bug, for the failing test to find: refunds count as paid.
  }
  mfs.writeFile(`${dir}/summary.json`, `${JSON.stringify({ orders: orders.length, paidCents })}\n`);
}
