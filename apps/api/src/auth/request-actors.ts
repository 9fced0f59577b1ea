import { Injectable } from '@nestjs/common';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { FormasiRequest, originOf } from './request-context';

/**
 * Checks a request's credentials once, however many guards and root fields ask: the rate
 * limiter (to count per user) and the access guard share the answer.
 */
@Injectable()
export class RequestActors {
  private readonly pending = new WeakMap<FormasiRequest, Promise<Actor | null>>();

  constructor(private readonly auth: AuthService) {}

  of(req: FormasiRequest): Promise<Actor | null> {
    let actor = this.pending.get(req);
    if (!actor) {
      actor = this.auth.authenticate(req.headers, originOf(req)).then((a) => (req.actor = a));
      this.pending.set(req, actor);
    }
    return actor;
  }
}
