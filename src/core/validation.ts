import { IsDefined, Matches, MaxLength, ValidateIf } from 'class-validator';

/** A string with at least one visible character and at most `maxLength` characters. */
export function NotBlank(maxLength: number): PropertyDecorator {
  return (target, key) => {
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` })(target, key as string);
    Matches(/\S/, { message: 'must not be blank' })(target, key as string);
  };
}

/**
 * For update inputs: the field may be left out, but when given it must pass its rules, and it
 * cannot be null (the value it would clear is required).
 */
export function OmittableNotNull(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_, value) => value !== undefined)(target, key as string);
    IsDefined({ message: 'cannot be null: leave it out to keep the current value' })(target, key as string);
  };
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
