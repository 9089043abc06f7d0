import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const MAX_ID = 2_147_483_647;

/** Parses a route id: a positive integer that fits the int4 id columns. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) {
      throw new BadRequestException(`id must be a positive integer, got "${String(value).slice(0, 40)}"`);
    }
    const id = Number(value);
    if (id < 1 || id > MAX_ID) throw new BadRequestException(`id must be between 1 and ${MAX_ID}`);
    return id;
  }
}
