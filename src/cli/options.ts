import { InvalidArgumentError } from 'commander';
import type { OmittableScope } from '../model/component.js';

const OMITTABLE: readonly OmittableScope[] = ['dev', 'optional', 'peer'];

export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return found;
  };
}

const omittable = choice(OMITTABLE);

const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none'] as const;

/** `--fail-on`: a severity or `none`; `moderate` (npm's and GitHub's word) is medium. */
export function failOnSeverity(value: string): (typeof FAIL_ON)[number] {
  const wanted = value.toLowerCase() === 'moderate' ? 'medium' : value.toLowerCase();
  const found = FAIL_ON.find((candidate) => candidate === wanted);
  if (found === undefined) throw new InvalidArgumentError('expected one of critical, high, medium (or moderate), low, none');
  return found;
}

/** Parses repeatable `--omit dev|optional|peer` (also comma-separated) like npm does. */
export function parseOmit(value: string, previous: OmittableScope[] = []): OmittableScope[] {
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  return [...previous, ...parts.map(omittable)];
}

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}
