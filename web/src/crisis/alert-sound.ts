/**
 * The hotline console's audible alert: a short two-tone beep made with the Web Audio API (no
 * audio file to fetch or bundle). Browsers only let a page start sound after a user gesture,
 * so the context is created when the member switches the sound on, and reused.
 */

export interface Beeper {
  beep(): void;
  close(): void;
}

export function createBeeper(): Beeper | null {
  const Context = typeof AudioContext === 'undefined' ? undefined : AudioContext;
  if (!Context) return null;
  const context = new Context();
  return {
    beep() {
      if (context.state === 'suspended') void context.resume();
      const start = context.currentTime;
      for (const [offset, frequency] of [[0, 880], [0.3, 660]] as const) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        // A soft attack and release: no click at either end.
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.26);
      }
    },
    close() {
      void context.close();
    },
  };
}
