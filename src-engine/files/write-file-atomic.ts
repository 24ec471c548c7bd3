// Every file Loupe writes for a person to keep (results, recipes, exports) is
// written atomically: to a temporary file, fsynced, then renamed over the
// target, so a crash leaves either the old file or the new one, never half.
import writeFileAtomicLib from 'write-file-atomic';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomicLib(file, data, { fsync: true });
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  writeFileAtomicLib.sync(file, data, { fsync: true });
}
