import { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric arrives as a string (exact); the domain works in JS numbers. */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};
