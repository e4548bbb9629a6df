import { z } from 'zod';

export const harborAddressSchema = z.object({
  host: z
    .string()
    .nullable()
    .describe('Host name DJs connect to; null: the host the panel was opened on (the harbor is published there)'),
  port: z.number().int().describe('Port of the harbor as DJs reach it'),
  mount: z.string().describe('Mount point'),
  user: z.string().describe('Source user name (a DJ key also takes the DJ id)'),
});
export type HarborAddress = z.infer<typeof harborAddressSchema>;

export const djOnAirSchema = z.object({
  since: z.iso.datetime().nullable().describe('When the encoder connected; null between auth and connect'),
  endsAt: z.iso.datetime().nullable().describe('When the station cuts them off (allowance spent or token expired)'),
  remainingSeconds: z.number().describe('Streaming time left, counting down while on air'),
});

export const djStatusSchema = z.object({
  userId: z.string().describe("The DJ's id"),
  label: z.string().nullable().describe('What the admin wrote on the token, e.g. the show name'),
  maxStreamingSeconds: z.number().describe("The token's streaming allowance"),
  usedSeconds: z.number().describe('Streamed in the last 30 days, this session included'),
  remainingSeconds: z.number().describe('Streaming time left'),
  kicked: z.boolean().describe('Kicked (by the admin or out of time): refused until the admin resets them'),
  expiresAt: z.iso.datetime().describe('When the token stops working'),
  onAir: djOnAirSchema.nullable().describe('Their live session, when they hold the slot; null otherwise'),
});
export type DjStatus = z.infer<typeof djStatusSchema>;
