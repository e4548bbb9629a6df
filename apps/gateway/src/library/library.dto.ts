import {
  LIBRARY_PAGE_SIZE_MAX,
  libraryIdSchema,
  libraryListSchema,
  libraryTagsSchema,
  removedSchema,
} from '@h4k/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const libraryQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('1-based page number'),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(LIBRARY_PAGE_SIZE_MAX)
    .default(50)
    .describe(`Songs per page (1..${LIBRARY_PAGE_SIZE_MAX})`),
  // The queue service's own search field: one length limit, one description.
  search: libraryListSchema.shape.search,
});
export class LibraryQueryDto extends createZodDto(libraryQuerySchema) {}

export const libraryIdParamSchema = z.object({ id: libraryIdSchema });
export class LibraryIdParamDto extends createZodDto(libraryIdParamSchema) {}

export class LibraryTagsDto extends createZodDto(libraryTagsSchema) {}

export { removedSchema };
