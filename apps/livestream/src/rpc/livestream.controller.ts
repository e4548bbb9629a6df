import {
  ContractPayloadPipe,
  PATTERNS,
  type LivestreamAuthorize,
  type LivestreamConnected,
  type RpcResponse,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { UsageReset } from '../accounting/usage-reset';
import { LiveOverview } from '../overview/live-overview';
import { LiveSessions } from '../session/live-sessions';
import { Authorizer } from '../slot/authorizer';

const P = PATTERNS.livestream;
type Reply<K extends keyof typeof P> = Promise<RpcResponse<(typeof P)[K]>>;

/** The livestream contract (libs/contracts livestream.contract.ts); health has its own controller. */
@Controller()
export class LivestreamController {
  constructor(
    private readonly authorizer: Authorizer,
    private readonly sessions: LiveSessions,
    private readonly overview: LiveOverview,
    private readonly usage: UsageReset,
  ) {}

  @MessagePattern(P.authorize)
  authorize(@Payload(new ContractPayloadPipe(P.authorize)) claims: LivestreamAuthorize): Reply<'authorize'> {
    return this.authorizer.authorize(claims);
  }

  @MessagePattern(P.connected)
  connected(@Payload(new ContractPayloadPipe(P.connected)) payload: LivestreamConnected): Reply<'connected'> {
    return this.sessions.connect(payload.headers, payload.ageSeconds);
  }

  @MessagePattern(P.disconnected)
  disconnected(@Payload(new ContractPayloadPipe(P.disconnected)) _payload: object): Reply<'disconnected'> {
    return this.sessions.disconnect();
  }

  @MessagePattern(P.status)
  status(@Payload(new ContractPayloadPipe(P.status)) _payload: object): Reply<'status'> {
    return this.overview.status();
  }

  @MessagePattern(P.users)
  users(@Payload(new ContractPayloadPipe(P.users)) _payload: object): Reply<'users'> {
    return this.overview.users();
  }

  @MessagePattern(P.kick)
  kick(@Payload(new ContractPayloadPipe(P.kick)) _payload: object): Reply<'kick'> {
    return this.sessions.kick();
  }

  @MessagePattern(P.revoke)
  revoke(@Payload(new ContractPayloadPipe(P.revoke)) payload: { tokenId: string }): Reply<'revoke'> {
    return this.sessions.revoke(payload.tokenId);
  }

  @MessagePattern(P.reset)
  reset(@Payload(new ContractPayloadPipe(P.reset)) payload: { userId: string }): Reply<'reset'> {
    return this.usage.reset(payload.userId);
  }
}
