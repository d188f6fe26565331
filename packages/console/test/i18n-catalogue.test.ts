import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enUS } from '../src/i18n/messages/en-US.ts';
import { zhCN } from '../src/i18n/messages/zh-CN.ts';
import { placeholders, scanSource, scanTree } from './i18n-scan.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const catalogues: Record<string, Record<string, string>> = { 'en-US': enUS, 'zh-CN': zhCN };

describe('the message catalogues', () => {
  const scan = scanTree(SRC);

  it('have the same keys, the same placeholders and no empty message', () => {
    const en = Object.keys(enUS).sort();
    const zh = Object.keys(zhCN).sort();
    expect(zh.filter((k) => !en.includes(k)), 'keys only in zh-CN').toEqual([]);
    expect(en.filter((k) => !zh.includes(k)), 'keys only in en-US').toEqual([]);
    const differing = en.filter((k) => placeholders(enUS[k as keyof typeof enUS]).join() !== placeholders(zhCN[k as keyof typeof zhCN]).join());
    expect(differing, 'keys whose {placeholders} differ').toEqual([]);
    for (const [name, catalogue] of Object.entries(catalogues)) expect(Object.entries(catalogue).filter(([, v]) => !v.trim()).map(([k]) => k), `empty in ${name}`).toEqual([]);
  });

  it('hold every key the code uses', () => {
    expect(scan.keys.length).toBeGreaterThan(50);
    for (const [name, catalogue] of Object.entries(catalogues)) {
      const missing = scan.keys.filter((k) => !(k.key in catalogue)).map((k) => `${k.file}:${k.line} ${k.key}`);
      expect(missing, `keys missing from ${name}`).toEqual([]);
    }
  });

  it('hold no key that nothing uses', () => {
    const used = new Set(scan.keys.map((k) => k.key));
    const unused = Object.keys(enUS).filter((k) => !used.has(k) && ![...scan.dynamicPrefixes].some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('carry all the user-visible text: none is written into the components', () => {
    expect(scan.hardCoded.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });
});

describe('the scan itself', () => {
  it('finds keys in t(), *Key props and attributes, and prefixes of keys made at run time', () => {
    const scan = scanSource('x.tsx', "const a = t('nav.home'); const b = { labelKey: 'nav.lists' }; const c = <P titleKey=\"x.y\" />; const d = t(`role.${id}`);");
    expect(scan.keys.map((k) => k.key)).toEqual(['nav.home', 'nav.lists', 'x.y']);
    expect([...scan.dynamicPrefixes]).toEqual(['role.']);
  });

  it('finds literal text children, visible props and menu labels, and lets through what a person does not read', () => {
    const source = `
      const items = [{ key: 'a', label: 'Open' }];
      export const X = () => (
        <div className="x" data-testid="hello-world" title="Tooltip text">
          Hello there
          {'literal'}
          <Input placeholder="Search…" aria-label={'Name'} type="text" />
          <Button>{t('common.retry')}</Button> · 42 {/* a comment is not text */}
        </div>
      );`;
    const found = scanSource('x.tsx', source).hardCoded.map((f) => f.text);
    expect(found).toEqual(['label: "Open"', 'title="Tooltip text"', 'Hello there', '"literal"', 'placeholder="Search…"', 'aria-label="Name"']);
  });

  it('reads Chinese text as text too', () => {
    expect(scanSource('x.tsx', 'export const X = () => <span>登录</span>;').hardCoded).toHaveLength(1);
  });
});
