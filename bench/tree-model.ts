/**
 * `npx tsx bench/tree-model.ts [--trees=100] [--depth=6] [--features=30] [--missing=0.1] [--n=200000]`: µs per
 * `scoreModel` call for a tree ensemble shaped like a typical XGBoost model (full binary trees,
 * float32 arithmetic, missing values), with Saabas contributions and without (no node values).
 * The trees are random (seeded); speed depends on their shape, not on what they learnt.
 */
import { scoreModel, validateModel, type TreeEnsembleModel, type TreeNodes } from '../packages/engine/src/index.ts';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const trees = arg('trees', 100);
const depth = arg('depth', 6);
const features = arg('features', 30);
const n = arg('n', 200_000);
const missing = arg('missing', 0.1);

// mulberry32: a small seeded generator, so every run scores the same model.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** A full tree in breadth-first order: node i has children 2i+1 and 2i+2. */
function fullTree(): TreeNodes {
  const size = 2 ** (depth + 1) - 1;
  const splits = 2 ** depth - 1;
  const t: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [], nodeValue: [] };
  for (let i = 0; i < size; i++) {
    const split = i < splits;
    t.feature.push(split ? Math.floor(rand() * features) : -1);
    t.threshold.push(split ? Math.fround(rand() * 2 - 1) : 0);
    t.left.push(split ? 2 * i + 1 : -1);
    t.right.push(split ? 2 * i + 2 : -1);
    t.defaultLeft.push(rand() < 0.5);
    const v = Math.fround((rand() - 0.5) * 0.2);
    t.value.push(split ? 0 : v);
    t.nodeValue!.push(v);
  }
  return t;
}

const withValues = validateModel({
  kind: 'tree_ensemble',
  id: 'bench',
  inputs: Array.from({ length: features }, (_, j) => `event.f${j}`),
  comparison: '<',
  float32: true,
  transform: 'sigmoid',
  trees: Array.from({ length: trees }, fullTree),
});
if (!withValues.ok) throw new Error(JSON.stringify(withValues.errors.slice(0, 3)));
const full = withValues.model as TreeEnsembleModel;
const plain: TreeEnsembleModel = { ...full, trees: full.trees.map(({ nodeValue: _, ...t }) => t) };

// Some inputs missing (10 % by default), as real feature vectors have.
const rows = Array.from({ length: 1000 }, () => Array.from({ length: features }, () => (rand() < missing ? null : rand() * 2 - 1)));

function measure(m: TreeEnsembleModel): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += scoreModel(m, rows[i % rows.length]!).score;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += scoreModel(m, rows[i % rows.length]!).score;
  const us = ((performance.now() - t0) * 1000) / n;
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimised away');
  return us;
}

for (let run = 0; run < 3; run++) {
  process.stdout.write(`${trees} trees, depth ${depth}, ${features} features: ${measure(plain).toFixed(2)} µs/score, ${measure(full).toFixed(2)} µs/score with contributions\n`);
}
