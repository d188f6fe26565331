import { describe, expect, it } from 'vitest';
import { escapeHtml, html, Html } from './case-report.ts';

describe('the case report’s markup', () => {
  it('escapes every interpolated text, in content and in attributes', () => {
    const hostile = `<script>alert('x')</script>" onload="y" \`z\` & more`;
    expect(html`<p title="${hostile}">${hostile}</p>`.text).toBe(
      `<p title="${escapeHtml(hostile)}">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onload=&quot;y&quot; &#96;z&#96; &amp; more</p>`,
    );
    expect(escapeHtml(hostile)).not.toMatch(/[<>"'`]/);
  });

  it('nests markup it built itself, joins lists and drops empty values', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    expect(html`${new Html('<b>')}${'<b>'}`.text).toBe('<b>&lt;b&gt;');
  });
});
