import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { AdminTokenGuard } from '../auth/static-token.guards';
import { schemaRef } from '../openapi/api-schemas';
import {
  type CreatedWebhook,
  CreateWebhookDto,
  UpdateWebhookDto,
  type Webhook,
  type WebhookDelivery,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('admin: webhooks')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a webhook; its signing secret is in this answer only',
    description:
      'Deliveries are POSTs signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) with the ' +
      'event name in X-H4K-Event; failed ones are retried with exponential backoff (5 s per attempt); 20 failed ' +
      'attempts in a row disable the webhook.',
  })
  @ApiCreatedResponse({ schema: schemaRef('CreatedWebhook') })
  @ApiBadRequestResponse({ schema: schemaRef('HttpError'), description: 'Bad field, or a private address' })
  create(@Body() body: CreateWebhookDto): Promise<CreatedWebhook> {
    return this.webhooks.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Every webhook, newest first (without secrets)' })
  @ApiOkResponse({ schema: { type: 'array', items: schemaRef('Webhook') } })
  list(): Promise<Webhook[]> {
    return this.webhooks.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook (without its secret)' })
  @ApiOkResponse({ schema: schemaRef('Webhook') })
  get(@Param('id', uuid) id: string): Promise<Webhook> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change URL, events or format, or turn a webhook off and on again' })
  @ApiOkResponse({ schema: schemaRef('Webhook') })
  @ApiBadRequestResponse({ schema: schemaRef('HttpError') })
  update(@Param('id', uuid) id: string, @Body() body: UpdateWebhookDto): Promise<Webhook> {
    return this.webhooks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log; queued deliveries are dropped' })
  @ApiNoContentResponse()
  remove(@Param('id', uuid) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The last 50 delivery attempts, newest first, with status and error' })
  @ApiOkResponse({ schema: { type: 'array', items: schemaRef('WebhookDelivery') } })
  deliveries(@Param('id', uuid) id: string): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveries(id);
  }
}
