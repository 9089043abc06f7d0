import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROUTES, type AppConfigDto } from '@tdgen/contracts';
import { Public } from '../decorators/public.decorator';
import { ConfigService } from './config.service';

@ApiTags('config')
@Controller(ROUTES.config)
export class ConfigController {
  constructor(private readonly config: ConfigService) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'Lock, SSE and limit settings the client needs' })
  get(): AppConfigDto {
    return this.config.publicConfig();
  }
}
