const { writeReceipts } = require('./receipts.js');

const orders = [
  { id: 'A-1', cents: 1200, status: 'paid' },
  { id: 'A-2', cents: 1300, status: 'paid' },
  { id: 'A-3', cents: 1200, status: 'refunded' },
];

test('writes one receipt per order', () => {
  writeReceipts(mfs, '/out', orders);
  expect(mfs.listdir('/out/receipts')).toEqual(['A-1.json', 'A-2.json', 'A-3.json']);
});

test('counts only paid orders in the summary', () => {
  writeReceipts(mfs, '/out', orders);
  const summary = JSON.parse(mfs.readFile('/out/summary.json', 'utf8'));
  expect(summary.paidCents).toBe(2500); // fails: the tree it wrote is exported to .dmemfs-failures/
});
