import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LockFencesInterceptor } from './lock-fences';
import { LockHandoverService } from './lock-handover.service';
import { LockLines } from './lock-lines';
import { LockNegotiationController } from './lock-negotiation.controller';
import { LockNegotiationRepository } from './lock-negotiation.repository';
import { LockNegotiationSweeper } from './lock-negotiation.sweeper';
import { LockSweeper } from './lock-sweeper.service';
import { LocksController } from './locks.controller';
import { LocksService } from './locks.service';
import { LockRepository } from './lock.repository';

/**
 * Pessimistic locks (docs/product.md § Locks): REST API, the service other modules guard writes with, the sweeper;
 * and their negotiation — handover requests, the wait-list and offers, with their sweeper (docs/adr/0016).
 */
@Module({
  controllers: [LocksController, LockNegotiationController],
  providers: [
    LocksService,
    LockSweeper,
    LockRepository,
    LockNegotiationRepository,
    LockLines,
    LockHandoverService,
    LockNegotiationSweeper,
    { provide: APP_INTERCEPTOR, useClass: LockFencesInterceptor },
  ],
  exports: [LocksService, LockSweeper, LockHandoverService, LockLines, LockNegotiationSweeper],
})
export class LocksModule {}
