import { applyDecorators } from '@nestjs/common';
import { Transform, type TransformFnParams } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { TAG_MAX_LENGTH, TAGS_PER_RECORD_MAX, TITLE_MAX_LENGTH } from '@tdgen/contracts';

/** C0/C1 control characters: never allowed in one-line values (titles, tags, search terms). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** PostgreSQL text cannot store NUL; multi-line free text may contain any other character. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
export const NO_NUL_CHAR = /^[^\u0000]*$/;

const trim = ({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim() : value);

/**
 * Like @IsOptional(), but only `undefined` skips validation: `null` for a non-nullable field is
 * validated (and refused) instead of reaching the database as a 500.
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_: object, value: unknown) => value !== undefined);
}

/** A record title (docs/product.md § Titles): trimmed, 1–120 characters, no control characters. */
export function IsTitle(): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(1, { message: '$property must not be empty' }),
    MaxLength(TITLE_MAX_LENGTH),
    Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' }),
  );
}

/** A record's tag list (docs/product.md § Tags): each trimmed, 1–40 characters; at most TAGS_PER_RECORD_MAX. */
export function IsTagList(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: TransformFnParams) =>
      Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value,
    ),
    IsArray(),
    ArrayMaxSize(TAGS_PER_RECORD_MAX),
    IsString({ each: true }),
    MinLength(1, { each: true, message: 'each tag must not be empty' }),
    MaxLength(TAG_MAX_LENGTH, { each: true, message: `each tag must be at most ${TAG_MAX_LENGTH} characters` }),
    Matches(NO_CONTROL_CHARS, { each: true, message: 'tags must not contain control characters' }),
  );
}

// Query strings arrive as strings (implicit conversion is off): these turn the well-formed ones
// into numbers/booleans/lists and leave anything else for the validators to refuse with a 400.

export const toQueryInt = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : value;

export const toQueryBoolean = ({ value }: TransformFnParams): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** `?tags=a,b&tags=c` → ['a', 'b', 'c'] (comma-separated and/or repeated). */
export const toQueryList = ({ value }: TransformFnParams): unknown => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((p): p is string => typeof p === 'string')) return value;
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
};

export const trimQuery = trim;
