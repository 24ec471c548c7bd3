// Event file names as TensorFlow makes them:
// events.out.tfevents.<unix seconds>.<hostname>.<pid>.<counter>. TensorBoard
// reads a run's files in name order, so the seconds keep a restarted
// trainer's files in order, and the pid and counter keep two writers started
// in the same second (train and validation) from colliding.
import { hostname } from 'node:os';

let counter = 0;

export function eventFileName(unixSeconds: number): string {
  // Only characters that would break the path are replaced; TensorFlow keeps the host name as it is.
  const host = hostname().replace(/[/\\\0]/g, '_') || 'localhost';
  return `events.out.tfevents.${Math.floor(unixSeconds)}.${host}.${process.pid}.${counter++}`;
}
