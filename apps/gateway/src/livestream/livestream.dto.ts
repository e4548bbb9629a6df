import {
  cleanTextValue,
  DJ_HEADER_MAX_LENGTHS,
  kickResultSchema,
  livestreamStatusSchema,
  livestreamUserUsageSchema,
  usageResetSchema,
  userIdSchema,
} from '@h4k/contracts';
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

/** radio.liq cuts every ice-* header to 4096 bytes before posting it: anything longer is not Liquidsoap. */
const ICE_HEADER_READ_LIMIT = 16_384;

/**
 * An encoder's ice-* header: any text up to the read limit accepted, cleaned and cut to the contract's
 * length (a DJ's connect never fails over metadata). The contract counts UTF-16 units and cleanText
 * characters, so a cut full of emoji is cut again to fit.
 */
const iceHeader = (max: number) =>
  z
    .string()
    .max(ICE_HEADER_READ_LIMIT)
    .nullish()
    .transform((raw) => {
      const text = cleanTextValue(raw, max);
      if (text === null || text.length <= max) return text;
      let units = 0;
      const fitting = Array.from(text).filter((char) => (units += char.length) <= max);
      return cleanTextValue(fitting.join(''), max);
    });

export const harborConnectSchema = z
  .object({
    headers: z
      .object({
        'ice-name': iceHeader(DJ_HEADER_MAX_LENGTHS.name),
        'ice-description': iceHeader(DJ_HEADER_MAX_LENGTHS.description),
        'ice-genre': iceHeader(DJ_HEADER_MAX_LENGTHS.genre),
        'ice-url': iceHeader(DJ_HEADER_MAX_LENGTHS.url),
      })
      .prefault({}),
    address: z.string().max(100).nullish(),
    /** Seconds since the encoder connected: Liquidsoap retries this callback until the gateway answers. */
    age: z.number().min(0).max(3600).optional(),
  })
  .strict();
export class HarborConnectDto extends createZodDto(harborConnectSchema) {}

export { livestreamStatusSchema, livestreamUserUsageSchema };

export const djTokenSchema = z.object({
  token: z.string().describe('A harbor password (mount /live, user "source"): the DJ JWT, ~290 characters'),
  key: z
    .string()
    .describe(
      'The DJ key: a short harbor password (38 characters) for encoders that refuse long ones (ezstream); user "source" or user_id',
    ),
  user_id: z.string().describe("The DJ's id: also accepted as the harbor user name with the DJ key"),
  jti: z.uuid().describe('The id of the token and its key: DELETE /admin/tokens/{jti} revokes both'),
  expires_at: z.iso.datetime().describe('Twice max_streaming_seconds from now'),
});
export type DjToken = z.infer<typeof djTokenSchema>;

export { kickResultSchema, usageResetSchema };
