#!/usr/bin/env node
// bench/lint: generated migration files linted by `tidemark lint --format json <files>` — a whole
// CLI process each round: start-up, reading the directory, parsing with libpg-query, the schema
// replay, every rule — and, in the same run, by Squawk (the npm package squawk-cli, a native
// binary behind a small Node launcher) on the same files. Medians of several rounds; ratios printed.
//
// Cases (each printed with what it measures):
//   all      every one of the 500 files, cold: each round starts without .tidemark/cache (a first
//            run, or CI on a fresh checkout); the run parses and replays everything and writes the
//            caches.
//   newest   the newest 50 of the 500, warm: the caches a full run left (.tidemark/cache/parse.json
//            and lint-replay.json). The 450 earlier files are only read and checksummed; their
//            schema comes from the replay cache. Its findings are checked against a run without
//            the cache.
//   newest, cold   the same 50 without any cache (what every run cost before the replay cache).
//   linearity      cold runs over 1, 250 and 500 files (separate directories): the cost per
//            statement of the second 250 files against the first 250, start-up taken out.
// Goal (issue #15): within 1.5x Squawk on `all` and `newest`, and linear in statements.
//
//   node bench/lint.mjs [--rounds 5] [--files 500] [--newest 50]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const rounds = arg('rounds', 5);
const count = arg('files', 500);
const newest = arg('newest', 50);
const SQUAWK_VERSION = '2.66.0';

// Projects whose migrations build on each other, so the replay has work to do and rules fire:
// each file creates a table referencing the previous one and alters that previous (existing)
// table — an added column and a non-concurrent index on it. `project(n)` holds the first n files
// (the same texts in every project).
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-lint-'));
const pad = (i) => String(i).padStart(4, '0');
function project(n) {
  const dir = path.join(work, `p${n}`);
  fs.mkdirSync(path.join(dir, 'migrations'), { recursive: true });
  let statements = 0;
  for (let i = 1; i <= n; i++) {
    const t = `t_${pad(i)}`;
    const prev = i > 1 ? `t_${pad(i - 1)}` : undefined;
    const up = [
      `create table ${t} (`,
      '    id bigint generated always as identity primary key,',
      '    tenant_id uuid not null,',
      '    name text not null,',
      '    "limit" integer,',
      '    status varchar(20) not null default \'new\',',
      '    payload jsonb,',
      '    created_at timestamp not null default now(),',
      `    parent_id bigint${prev ? ` references ${prev} (id) on delete set null` : ''}`,
      ');',
      `create index ${t}_name_idx on ${t} (name);`,
      `create index ${t}_tenant_idx on ${t} (tenant_id, created_at desc);`,
      `comment on table ${t} is 'generated table ${i}';`,
      ...(prev ? [`alter table ${prev} add column note_${pad(i)} text;`, `create index ${prev}_note_${pad(i)}_idx on ${prev} (note_${pad(i)});`] : []),
    ];
    const down = [...(prev ? [`drop index ${prev}_note_${pad(i)}_idx;`, `alter table ${prev} drop column note_${pad(i)};`] : []), `drop table ${t};`];
    statements += [...up, ...down].filter((line) => line.endsWith(';')).length;
    fs.writeFileSync(path.join(dir, 'migrations', `${pad(i)}_table_${pad(i)}.sql`), `-- migrate:up\n${up.join('\n')}\n\n-- migrate:down\n${down.join('\n')}\n`);
  }
  const files = fs.readdirSync(path.join(dir, 'migrations')).sort().map((f) => path.join('migrations', f));
  return { dir, files, statements };
}
const main = project(count);
const half = project(Math.floor(count / 2));
const one = project(1);
const files = main.files;
const newestFiles = files.slice(-newest);
const clearCache = (dir) => fs.rmSync(path.join(dir, '.tidemark'), { recursive: true, force: true });

// Squawk is the baseline, not a dependency: installed from npm into a cache folder on first use.
// squawk-cli ships its binary in per-platform optionalDependencies (@squawk-cli/linux-x64 …) and
// has no install script, so a plain npm install works with only the npm registry reachable. It
// gets its own prefix: an `npm install --no-save` prunes whatever else the prefix holds (dbmate,
// which bench/apply keeps in bench-tools).
function installSquawk() {
  const prefix = path.join(os.homedir(), '.cache', 'tidemark', 'bench-tools', 'squawk');
  const bin = path.join(prefix, 'node_modules', '.bin', 'squawk');
  const version = () => spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!fs.existsSync(bin) || !version()?.includes(SQUAWK_VERSION)) {
    try {
      fs.mkdirSync(prefix, { recursive: true });
      execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', `squawk-cli@${SQUAWK_VERSION}`], { stdio: 'ignore' });
    } catch (error) {
      return { error: `npm install squawk-cli@${SQUAWK_VERSION} failed: ${error.message.split('\n')[0]}` };
    }
  }
  const v = version();
  return v ? { bin, version: v } : { error: `squawk-cli@${SQUAWK_VERSION} installed but its binary does not run on ${process.platform}-${process.arch}` };
}

// Wall time is what a user waits; CPU time (user + system, from /usr/bin/time where it exists)
// is what the process costs, and is the steadier figure on a busy machine.
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
function run(command, args, cwd = main.dir) {
  const start = process.hrtime.bigint();
  const result = TIME
    ? spawnSync(TIME, ['-f', '\n%U %S', command, ...args], { cwd, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, args, { cwd, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  let cpu;
  if (TIME) {
    const lines = result.stderr.trimEnd().split('\n');
    const [user, system] = lines.pop().split(' ').map(Number);
    cpu = (user + system) * 1000;
    result.stderr = lines.join('\n');
  }
  return { ms, cpu, result };
}
const env = { ...process.env, NO_COLOR: '1' };

const squawk = installSquawk();

/** Case is one measured command's wall and CPU times and its findings, per round. */
const cases = {};
function measure(name, command, args, cwd) {
  const t = run(command, args, cwd);
  const c = (cases[name] ??= { wall: [], cpu: [], findings: undefined, output: undefined });
  c.wall.push(t.ms);
  c.cpu.push(t.cpu);
  c.output = t.result.stdout;
  return t;
}
function tidemark(name, lintFiles, cwd = main.dir) {
  const t = measure(name, process.execPath, [cli, 'lint', '--format', 'json', ...lintFiles], cwd);
  if (t.result.status !== 0 && t.result.status !== 1) throw new Error(`tidemark lint failed (${t.result.status}): ${t.result.stderr}`);
  cases[name].findings = JSON.parse(t.result.stdout).findings.length;
}
function squawkRun(name, lintFiles) {
  if (!squawk.bin) return;
  measure(name, squawk.bin, ['--reporter', 'json', ...lintFiles]);
  try {
    cases[name].findings = JSON.parse(cases[name].output).length;
  } catch {
    cases[name].findings = NaN;
  }
}

try {
  for (let r = 0; r < rounds; r++) {
    clearCache(main.dir);
    tidemark('all', files);
    squawkRun('squawk all', files);
    // The caches the full run just wrote are the warm ones.
    tidemark('newest', newestFiles);
    squawkRun('squawk newest', newestFiles);
    clearCache(main.dir);
    tidemark('newest cold', newestFiles);
    for (const p of [half, one]) {
      clearCache(p.dir);
      tidemark(`cold ${p.files.length}`, p.files, p.dir);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const warmSame = cases['newest'].output === cases['newest cold'].output;
const wall = (name) => median(cases[name].wall);
const cpuOf = (name) => (TIME ? median(cases[name].cpu) : undefined);
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;
const times = (name) => `wall ${fmt(wall(name))}${TIME ? `   cpu ${fmt(cpuOf(name))}` : ''}`;
const ratio = (a, b) => `wall ${(wall(a) / wall(b)).toFixed(2).padStart(5)}x${TIME ? `   cpu ${(cpuOf(a) / cpuOf(b)).toFixed(2).padStart(5)}x` : ''}`;
const goal = (a, b) => (wall(a) / wall(b) <= 1.5 ? 'met' : 'NOT met');

console.log(`bench/lint: ${count} generated migration files (${main.statements} statements), ${rounds} rounds, medians of whole processes (start-up included); ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
const block = (title, what, name, squawkName) => {
  console.log(`\n${title}\n  ${what}`);
  console.log(`  tidemark lint            ${times(name)}   ${cases[name].findings} findings`);
  if (!squawk.bin) return console.log(`  squawk                   not measured: ${squawk.error}`);
  console.log(`  ${squawk.version.padEnd(24)} ${times(squawkName)}   ${cases[squawkName].findings} findings`);
  console.log(`  ratio tidemark / squawk  ${ratio(name, squawkName)}   goal <= 1.5x (wall): ${goal(name, squawkName)}`);
};
block(`all ${count} files, cold`, 'no .tidemark/cache at the start (a first run, CI on a fresh checkout): every file parsed, replayed and checked; the caches written', 'all', 'squawk all');
block(
  `newest ${newest} of ${count}, warm replay cache`,
  `the caches the full run left: the ${count - newest} earlier files read and checksummed only, their schema applied from lint-replay.json; the ${newest} parsed, replayed and checked (Squawk lints the ${newest} files alone)`,
  'newest',
  'squawk newest',
);
console.log(`  same findings as without the cache: ${warmSame ? 'yes' : 'NO'}`);
console.log(`  without any cache        ${times('newest cold')}   (the ${count - newest} earlier files parsed and replayed too): the warm cache saves ${ratio('newest cold', 'newest')}`);

// Linearity: start-up (and loading the parser) is what linting one file costs; the rest should
// grow with the statements. CPU time where it is measured: wall time on a busy machine is noise.
const n1 = one.files.length;
const n2 = half.files.length;
const basis = TIME ? 'cpu' : 'wall';
const at = (name) => median(cases[name][basis]);
const start = at(`cold ${n1}`);
const first = (at(`cold ${n2}`) - start) / (half.statements - one.statements);
const second = (at('all') - at(`cold ${n2}`)) / (main.statements - half.statements);
console.log(`\nlinear in statements (cold runs, ${basis}): ${n1} file ${fmt(start)} (start-up), ${n2} files ${fmt(at(`cold ${n2}`))}, ${count} files ${fmt(at('all'))}`);
console.log(`  per 1000 statements beyond start-up: files 1-${n2} ${fmt(first * 1000)}, files ${n2 + 1}-${count} ${fmt(second * 1000)}; ratio ${(second / first).toFixed(2)} (1.00 = linear)`);
