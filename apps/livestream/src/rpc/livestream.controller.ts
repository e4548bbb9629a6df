import {
  type LivestreamAuthorize,
  type LivestreamConnected,
  PATTERNS,
  RpcHandler,
  type RpcResponse,
} from '@h4k/contracts';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

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

  @RpcHandler(P.authorize)
  authorize(@Payload() claims: LivestreamAuthorize): Reply<'authorize'> {
    return this.authorizer.authorize(claims);
  }

  @RpcHandler(P.connected)
  connected(@Payload() payload: LivestreamConnected): Reply<'connected'> {
    return this.sessions.connect(payload.headers, payload.ageSeconds);
  }

  @RpcHandler(P.disconnected)
  disconnected(@Payload() _payload: object): Reply<'disconnected'> {
    return this.sessions.disconnect();
  }

  @RpcHandler(P.status)
  status(@Payload() _payload: object): Reply<'status'> {
    return this.overview.status();
  }

  @RpcHandler(P.users)
  users(@Payload() _payload: object): Reply<'users'> {
    return this.overview.users();
  }

  @RpcHandler(P.kick)
  kick(@Payload() _payload: object): Reply<'kick'> {
    return this.sessions.kick();
  }

  @RpcHandler(P.revoke)
  revoke(@Payload() payload: { tokenId: string }): Reply<'revoke'> {
    return this.sessions.revoke(payload.tokenId);
  }

  @RpcHandler(P.reset)
  reset(@Payload() payload: { userId: string }): Reply<'reset'> {
    return this.usage.reset(payload.userId);
  }
}
