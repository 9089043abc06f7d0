import { Module } from '@nestjs/common';
import { LockSweeper } from './lock-sweeper.service';
import { LocksController } from './locks.controller';
import { LocksService } from './locks.service';
import { LockRepository } from './lock.repository';

/** Pessimistic locks (docs/product.md § Locks): REST API, the service other modules guard writes with, the sweeper. */
@Module({
  controllers: [LocksController],
  providers: [LocksService, LockSweeper, LockRepository],
  exports: [LocksService, LockSweeper],
})
export class LocksModule {}
