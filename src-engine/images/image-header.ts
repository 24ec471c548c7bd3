// What a container header declares, read without decoding a single pixel: the
// size (so a hostile or broken header cannot make OpenCV allocate gigabytes) and
// whether the file is cut short (decoders are inconsistent about truncation:
// libjpeg fills the missing rows with gray and calls it a success).
import type { ImageFormat } from './image-format.js';
import type { HeaderParse } from './header-parse.js';
import { parsePngHeader } from './png-header.js';
import { parseJpegHeader } from './jpeg-header.js';
import { parseTiffHeader } from './tiff-header.js';
import { parseBmpHeader } from './bmp-header.js';

export type { ImageHeader, HeaderParse } from './header-parse.js';

export function parseImageHeader(format: ImageFormat, bytes: Uint8Array): HeaderParse {
  switch (format) {
    case 'png':
      return parsePngHeader(bytes);
    case 'jpeg':
      return parseJpegHeader(bytes);
    case 'tiff':
      return parseTiffHeader(bytes);
    case 'bmp':
      return parseBmpHeader(bytes);
  }
}
