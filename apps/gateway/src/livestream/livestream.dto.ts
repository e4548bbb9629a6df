import { userIdSchema } from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const mintLivestreamTokenSchema = z
  .object({
    max_streaming_seconds: z
      .number()
      .int()
      .min(60)
      .max(86_400)
      .describe('Streaming allowance in seconds (60..86400); the token expires after twice this'),
    user_id: userIdSchema.optional().describe('Whose allowance this draws on; generated when absent'),
    label: z.string().trim().min(1).max(200).optional().describe('Free text shown to the admin, e.g. the show name'),
  })
  .strict();
export class MintLivestreamTokenDto extends createZodDto(mintLivestreamTokenSchema) {}

/** What Liquidsoap's harbor passes to its auth function. */
export const harborAuthSchema = z.object({
  user: z.string().max(1000),
  password: z.string().max(4000),
  address: z.string().max(100),
});
export class HarborAuthDto extends createZodDto(harborAuthSchema) {}

const headerText = z
  .string()
  .max(500)
  .nullish()
  .transform((value) => (value && value.trim() ? value.trim() : null));

export const harborConnectSchema = z
  .object({
    headers: z
      .object({
        'ice-name': headerText,
        'ice-description': headerText,
        'ice-genre': headerText,
        'ice-url': headerText,
      })
      .prefault({}),
    address: z.string().max(100).nullish(),
  })
  .strict();
export class HarborConnectDto extends createZodDto(harborConnectSchema) {}
