import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_NAMES, runSimulateCommand } from '../src/index.ts';
import { tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t) } };
}

describe('simulate command', () => {
  it('writes the three files and prints a summary per type and typology', async () => {
    const { o, io: cli } = io();
    const out = path.join(tmp.dir, 'run');
    const code = await runSimulateCommand(['simulate', '--seed', '7', '--customers', '300', '--days', '1', '--out', out], cli);
    expect(code).toBe(0);
    for (const f of Object.values(FILE_NAMES)) expect(existsSync(path.join(out, f))).toBe(true);
    expect(o.out).toMatch(/per event type[\s\S]*card_auth[\s\S]*per typology[\s\S]*sms_bombing/);
    const lines = readFileSync(path.join(out, FILE_NAMES.events), 'utf8').trimEnd().split('\n');
    expect(o.out).toContain(`events                ${lines.length}`);
    // No card number in what the command prints.
    expect(o.out + o.err).not.toMatch(/\d{16,19}/);
  });

  it('takes the options without the subcommand name, as `vigil simulate` passes them', async () => {
    const { io: cli } = io();
    const out = path.join(tmp.dir, 'bare');
    expect(await runSimulateCommand(['--customers', '100', '--events', '500', '--out', out], cli)).toBe(0);
    expect(readFileSync(path.join(out, FILE_NAMES.events), 'utf8').trimEnd().split('\n')).toHaveLength(500);
  });

  it('refuses bad options with the usage and exit code 2', async () => {
    for (const argv of [['simulate'], ['simulate', '--out', tmp.dir, '--customers', 'many'], ['simulate', '--out', tmp.dir, '--typologies', 'phishing'], ['stream'], ['simulate', '--bogus']]) {
      const { o, io: cli } = io();
      expect(await runSimulateCommand(argv, cli), argv.join(' ')).toBe(2);
      expect(o.err.length).toBeGreaterThan(0);
    }
  });

  it('measures generation speed', async () => {
    const { o, io: cli } = io();
    expect(await runSimulateCommand(['measure', '--events', '20000', '--customers', '2000'], cli)).toBe(0);
    expect(o.out).toMatch(/generated 20000 events .* \d+ events\/s/);
  });
});
