// Hands a file to the browser's downloads (an object URL on a temporary link).
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a later tick frees the URL.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A canvas as PNG bytes; null when the browser could not encode it. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob), 'image/png'));
}
