import type { Command } from 'commander';
import type { CommandHandler } from '../program.js';
import init from './init.js';
import newCommand from './new.js';
import migrate from './migrate.js';
import down from './down.js';
import status from './status.js';
import history from './history.js';
import stamp from './stamp.js';
import verify from './verify.js';
import inspect from './inspect.js';
import diff from './diff.js';
import generate from './generate.js';
import drift from './drift.js';
import push from './push.js';
import types from './types.js';
import baseline from './baseline.js';
import importCommand from './import.js';
import docs from './docs.js';
import validate from './validate.js';
import lint from './lint.js';
import tenants from './tenants.js';
import reset from './reset.js';
import db from './db.js';
import sum from './sum.js';
import squash from './squash.js';
import studio from './studio.js';

/** Wrap turns a handler into a commander action that records the exit code and reports errors. */
export type Wrap = (handler: CommandHandler) => (...args: unknown[]) => Promise<void>;
/** CommandDefinition registers one command on the program. */
export type CommandDefinition = (program: Command, wrap: Wrap) => void;

/** commands lists every CLI command, one module each. */
export const commands: readonly CommandDefinition[] = [
  init,
  newCommand,
  migrate,
  down,
  status,
  history,
  stamp,
  verify,
  inspect,
  diff,
  generate,
  drift,
  push,
  types,
  baseline,
  importCommand,
  docs,
  validate,
  lint,
  tenants,
  reset,
  db,
  sum,
  squash,
  studio,
];
