#!/usr/bin/env node
// bench/lint: 500 generated migration files linted by `tidemark lint <files>` — a whole CLI
// process each round: start-up, parsing with libpg-query, the schema replay, every rule — and,
// in the same run, by Squawk (the npm package squawk-cli, a native binary) on the same files.
// Medians of several rounds; the ratio is printed. Goal: within 1.5x Squawk, <= 2 s for 500 files.
//
//   node bench/lint.mjs [--rounds 5] [--files 500]
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
const SQUAWK_VERSION = '2.66.0';

// A project whose migrations build on each other, so the replay has work to do and rules fire:
// each file creates a table referencing the previous one and alters that previous (existing)
// table — an added column and a non-concurrent index on it.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-lint-'));
const migrations = path.join(work, 'migrations');
fs.mkdirSync(migrations);
const pad = (i) => String(i).padStart(4, '0');
for (let i = 1; i <= count; i++) {
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
  fs.writeFileSync(path.join(migrations, `${pad(i)}_table_${pad(i)}.sql`), `-- migrate:up\n${up.join('\n')}\n\n-- migrate:down\n${down.join('\n')}\n`);
}
const files = fs.readdirSync(migrations).sort().map((f) => path.join('migrations', f));

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
function run(command, args) {
  const start = process.hrtime.bigint();
  const result = TIME
    ? spawnSync(TIME, ['-f', '\n%U %S', command, ...args], { cwd: work, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, args, { cwd: work, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
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
const results = { tidemark: [], tidemarkCpu: [], squawk: [], squawkCpu: [] };
let tidemarkFindings = 0;
let squawkFindings = 0;
try {
  for (let r = 0; r < rounds; r++) {
    const t = run(process.execPath, [cli, 'lint', '--format', 'json', ...files]);
    if (t.result.status !== 0 && t.result.status !== 1) throw new Error(`tidemark lint failed (${t.result.status}): ${t.result.stderr}`);
    tidemarkFindings = JSON.parse(t.result.stdout).findings.length;
    results.tidemark.push(t.ms);
    results.tidemarkCpu.push(t.cpu);
    if (squawk.bin) {
      const s = run(squawk.bin, ['--reporter', 'json', ...files]);
      try {
        squawkFindings = JSON.parse(s.result.stdout).length;
      } catch {
        squawkFindings = NaN;
      }
      results.squawk.push(s.ms);
      results.squawkCpu.push(s.cpu);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const t = median(results.tidemark);
const tc = TIME ? median(results.tidemarkCpu) : undefined;
const cpu = (ms) => (ms === undefined ? '' : `   cpu ${ms.toFixed(0).padStart(5)} ms`);
console.log(`bench/lint: ${count} migration files, ${rounds} rounds, medians (whole processes, start-up included); ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`  tidemark lint            wall ${t.toFixed(0).padStart(5)} ms${cpu(tc)}   ${tidemarkFindings} findings   goal <= 2000 ms wall: ${t <= 2000 ? 'met' : 'NOT met'}`);
if (squawk.bin) {
  const s = median(results.squawk);
  const sc = TIME ? median(results.squawkCpu) : undefined;
  console.log(`  ${squawk.version.padEnd(24)} wall ${s.toFixed(0).padStart(5)} ms${cpu(sc)}   ${squawkFindings} findings`);
  const ratio = t / s;
  console.log(`  ratio tidemark / squawk  wall ${ratio.toFixed(2).padStart(5)}x${tc !== undefined ? `      cpu ${(tc / sc).toFixed(2).padStart(5)}x` : ''}     goal <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'} (wall)`);
} else {
  console.log(`  squawk                   not measured: ${squawk.error}`);
}
