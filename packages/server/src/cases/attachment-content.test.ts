import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { checkAttachment, sanitiseFileName } from './attachment-content.ts';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'accepted';
};

describe('case attachments', () => {
  it('decides the kind from the content and the extension together', () => {
    expect(checkAttachment(Buffer.from('%PDF-1.7 ...'), 'a.PDF', 'application/pdf')).toEqual({ fileName: 'a.PDF', mediaType: 'application/pdf' });
    expect(checkAttachment(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'photo.jpeg', 'image/jpg').mediaType).toBe('image/jpeg');
    expect(checkAttachment(Buffer.from('GIF89a....'), 'x.gif', undefined).mediaType).toBe('image/gif');
    expect(checkAttachment(Buffer.from('Received: from mx\r\nFrom: a@b.c\r\n\r\nhi'), 'mail.eml', 'message/rfc822').mediaType).toBe('message/rfc822');
    expect(checkAttachment(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'mail.msg', 'application/octet-stream').mediaType).toBe('application/vnd.ms-outlook');
    expect(checkAttachment(Buffer.from('\ufeff姓名,金额\n张三,10\n'), '明细.csv', 'application/vnd.ms-excel').mediaType).toBe('text/csv');
    // Refused: the content is not what the name says, the declared type contradicts it, the kind is not allowed.
    expect(refusal(() => checkAttachment(Buffer.from('MZ\x90\x00'), 'invoice.pdf', 'application/pdf'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refusal(() => checkAttachment(Buffer.from('%PDF-1.7'), 'a.pdf', 'image/png'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refusal(() => checkAttachment(Buffer.from('<html><script>'), 'page.html', 'text/html'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refusal(() => checkAttachment(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'x.txt', 'text/plain'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refusal(() => checkAttachment(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'macro.doc', undefined))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refusal(() => checkAttachment(Buffer.from('just text'), 'mail.eml', undefined))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(refusal(() => checkAttachment(Buffer.from('card 4111 1111 1111 1111'), 'n.txt', undefined))).toBe('SENSITIVE_DATA_REFUSED');
    expect(refusal(() => checkAttachment(Buffer.from('%PDF-'), '4111111111111111.pdf', undefined))).toBe('SENSITIVE_DATA_REFUSED');
    expect(refusal(() => checkAttachment(Buffer.alloc(0), 'a.txt', undefined))).toBe('VALIDATION_FAILED');
    expect(refusal(() => checkAttachment(Buffer.from('x'), '..', undefined))).toBe('VALIDATION_FAILED');
  });

  it('sanitises file names', () => {
    expect(sanitiseFileName('C:\\Users\\me\\..\\report.pdf')).toBe('report.pdf');
    expect(sanitiseFileName('../../etc/pass<wd>.txt')).toBe('pass_wd_.txt');
    // A right-to-left override would show "invoice‮fdp.exe" as "invoiceexe.pdf".
    expect(sanitiseFileName('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitiseFileName('  .hidden. ')).toBe('hidden');
    expect(sanitiseFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitiseFileName('a\r\nContent-Type: text"x".pdf')).toBe('aContent-Type_ text_x_.pdf');
    const long = sanitiseFileName(`${'长'.repeat(300)}.pdf`);
    expect([...long]).toHaveLength(180);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
