// The optional alarm tone: two short beeps made with WebAudio (no sound file to
// ship). Browsers only let a page play sound after the person interacted with
// it, so the context is created when the operator turns the sound on.
let context: AudioContext | null = null;

/** Call from the click that turns the sound on; false when the browser has no WebAudio. */
export function unlockAlarmSound(): boolean {
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctor) return false;
  context ??= new Ctor();
  void context.resume();
  return true;
}

export function playAlarmTone(): void {
  if (!context) return;
  const start = context.currentTime;
  for (const offset of [0, 0.35]) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.25);
    osc.connect(gain).connect(context.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.25);
  }
}
