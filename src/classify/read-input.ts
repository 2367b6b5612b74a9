import { Ajv } from 'ajv';
import { classifyInputSchema } from './input-schema.js';
import type { ClassifyInput } from './taxonomy.js';

const validate = new Ajv({ allErrors: false, strict: false }).compile(classifyInputSchema);

export class InvalidInputError extends Error {
  constructor(
    readonly code: 'invalid_input',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** Null means "absent" for the optional strings: JSON exports from logs often write null. */
function orUndefined(value: string | null | undefined): string | undefined {
  return value ?? undefined;
}

/** Checks one decoded JSON value against the input schema and returns the classifier's input. */
export function readClassifyInput(value: unknown): ClassifyInput {
  if (!validate(value)) {
    const [first] = validate.errors ?? [];
    const where = first?.instancePath ? `${first.instancePath.slice(1)} ` : '';
    throw new InvalidInputError('invalid_input', `${where}${first?.message ?? 'is not valid'}`.trim());
  }
  const input = value as ClassifyInput & { referrer?: string | null; userAgent?: string | null };
  return { ...input, referrer: orUndefined(input.referrer), userAgent: orUndefined(input.userAgent) };
}
