/**
 * The server's limits on case attachments (docs/api.md "Attachments and evidence"), checked before
 * an upload so that a file the server would refuse is not sent; the server checks again (and
 * decides a file's kind by its content, not its name).
 */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_PER_CASE = 50;
export const ATTACHMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'txt', 'log', 'csv', 'eml', 'msg'] as const;

export type AttachmentProblem = 'tooBig' | 'badType' | 'empty' | 'full';

/** Why a file cannot be attached, or undefined when it may be sent. */
export function attachmentProblem(file: { name: string; size: number }, attached: number): AttachmentProblem | undefined {
  if (attached >= ATTACHMENTS_PER_CASE) return 'full';
  if (file.size === 0) return 'empty';
  if (file.size > ATTACHMENT_MAX_BYTES) return 'tooBig';
  const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (!ext || !(ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext)) return 'badType';
  return undefined;
}

/** A size in bytes as people read it (KiB and MiB, one decimal). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The `accept` attribute of the file picker. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');
