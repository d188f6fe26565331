import { AppError } from '../errors.ts';
import { holdsCardNumber } from '../card-numbers.ts';

/** Limits of case attachments. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_PER_CASE = 50;
export const FILE_NAME_MAX = 180;

/** A kind of file a case may hold: its media type, the extensions it is named with, and how its content is recognised. */
interface AttachmentKind {
  mediaType: string;
  extensions: readonly string[];
  /** Other names clients declare for it. */
  aliases?: readonly string[];
  matches(bytes: Uint8Array): boolean;
}

const startsWith = (sig: readonly number[]) => (b: Uint8Array) => b.length >= sig.length && sig.every((v, i) => b[i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The allow-list. Binary kinds are recognised by their leading bytes ("magic numbers"); text kinds
 * must be UTF-8 text without control characters (other than tab, line breaks and form feed).
 */
const KINDS: readonly AttachmentKind[] = [
  { mediaType: 'application/pdf', extensions: ['pdf'], matches: startsWith(ascii('%PDF-')) },
  { mediaType: 'image/png', extensions: ['png'], matches: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], aliases: ['image/jpg', 'image/pjpeg'], matches: startsWith([0xff, 0xd8, 0xff]) },
  { mediaType: 'image/gif', extensions: ['gif'], matches: (b) => startsWith(ascii('GIF87a'))(b) || startsWith(ascii('GIF89a'))(b) },
  { mediaType: 'text/plain', extensions: ['txt', 'log'], matches: (b) => utf8Text(b) !== undefined },
  { mediaType: 'text/csv', extensions: ['csv'], aliases: ['application/csv'], matches: (b) => utf8Text(b) !== undefined },
  // An e-mail saved as a file: text whose first line is a header field ("From: …", "Received: …").
  { mediaType: 'message/rfc822', extensions: ['eml'], matches: (b) => /^[!-9;-~]+:[ \t]/.test(utf8Text(b) ?? '') },
  // Outlook's .msg is an OLE compound file; only accepted under that extension (.doc and .xls share the container).
  { mediaType: 'application/vnd.ms-outlook', extensions: ['msg'], matches: startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
];

export const ALLOWED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);
export const ALLOWED_MEDIA_TYPES = KINDS.map((k) => k.mediaType);

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** The text of UTF-8 bytes (a byte-order mark skipped), or undefined when they are not plain text. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
  return CONTROL.test(text) ? undefined : text;
}

const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name safe to store, show and send back in a Content-Disposition header: the last path
 * segment, NFC-normalised, without control or bidirectional-override characters (which can make
 * `invoice‮fdp.exe` look like a PDF), characters Windows refuses replaced by `_`, no leading dots,
 * at most 180 characters with the extension kept. Empty when nothing usable is left.
 *
 * @example sanitiseFileName('../../etc/pass<wd>.txt') // 'pass_wd_.txt'
 */
export function sanitiseFileName(raw: string): string {
  let name = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*;]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (RESERVED_NAMES.test(name)) name = `_${name}`;
  if ([...name].length > FILE_NAME_MAX) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = [...name.slice(0, name.length - ext.length)].slice(0, FILE_NAME_MAX - ext.length).join('') + ext;
  }
  return name;
}

export interface CheckedAttachment {
  fileName: string;
  mediaType: string;
}

/**
 * Decides what an uploaded file is, from its content, and refuses anything not on the allow-list
 * with `415 UNSUPPORTED_MEDIA_TYPE`: the extension must be an allowed one, the leading bytes must
 * be that kind's (a `.pdf` that is really an executable is refused), and a declared content type
 * that names another allowed kind contradicts the content. Empty files and names are 400; a text
 * file holding a card number is refused like any other text (`SENSITIVE_DATA_REFUSED`).
 */
export function checkAttachment(bytes: Uint8Array, rawName: string, declaredType: string | undefined): CheckedAttachment {
  const fileName = sanitiseFileName(rawName);
  if (!fileName) throw new AppError('VALIDATION_FAILED', 'name the file (x-file-name header)', { path: 'x-file-name' });
  if (holdsCardNumber(fileName)) throw new AppError('SENSITIVE_DATA_REFUSED', 'the file name must not hold a card number', { path: 'x-file-name' });
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'the file is empty', { path: 'body' });
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `files named .${ext || '(no extension)'} are not accepted; allowed: ${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ')}`, { path: 'x-file-name' });
  if (!kind.matches(bytes)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the content is not a ${kind.mediaType} file, whatever its name says`, { path: 'body' });
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase();
  const declaredKind = declared ? KINDS.find((k) => k.mediaType === declared || k.aliases?.includes(declared)) : undefined;
  if (declaredKind && declaredKind !== kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `declared as ${declared} but the content is ${kind.mediaType}`, { path: 'content-type' });
  if (kind.mediaType.startsWith('text/') || kind.mediaType === 'message/rfc822') {
    if (holdsCardNumber(utf8Text(bytes)!)) throw new AppError('SENSITIVE_DATA_REFUSED', 'the file holds a card number; mask it (first 6 and last 4 digits) before attaching it', { path: 'body' });
  }
  return { fileName, mediaType: kind.mediaType };
}
