// Which image container a file is, judged by its first bytes and never by its
// name: a text file renamed .png must be refused before a decoder sees it.

export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp';

/** File extensions (lower case, no dot) that folder replay and the CLI treat as images. */
export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'tif', 'tiff', 'bmp'];

/** True when the file name ends with one of IMAGE_EXTENSIONS, case-insensitively. */
export function hasImageExtension(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return false;
  return IMAGE_EXTENSIONS.includes(fileName.slice(dot + 1).toLowerCase());
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/** The container format from the magic bytes, or null when they match none Loupe reads. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  // Classic TIFF (42) and BigTIFF (43), little- ("II") and big-endian ("MM").
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
  return null;
}

/** A short printable description of the first bytes, for "not an image (…)" messages. */
export function describeMagic(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 8));
  const hex = head.map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = head.every((b) => b >= 0x20 && b < 0x7f) ? ` "${String.fromCharCode(...head)}"` : '';
  return `starts with ${hex}${text}`;
}
