// Prints the frames that took the most self time in a V8 .cpuprofile, as
// written by node --cpu-prof: what a server under load spends its time on.
//   node src/profile-summary.mjs results/profiles/CPU.…cpuprofile [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg = '25'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node src/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const hits = new Map();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);

const byFrame = new Map();
let busy = 0;
for (const node of profile.nodes) {
  const count = hits.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') continue;
  busy += count;
  const where = url === '' ? '' : ` ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  const key = `${functionName || '(anonymous)'}${where}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + count);
}
const top = [...byFrame.entries()].sort((a, b) => b[1] - a[1]);
console.log(`busy samples: ${busy}`);
for (const [frame, count] of top.slice(0, Number(topArg))) {
  console.log(`${((100 * count) / busy).toFixed(1).padStart(5)}%  ${frame}`);
}
