import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'match' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]{1,30}$/, { message: 'objectType must be a lower-case object type such as party, listing or match' })
  objectType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  objectId?: string;

  @ApiPropertyOptional({ example: 'match.approved' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;
}
