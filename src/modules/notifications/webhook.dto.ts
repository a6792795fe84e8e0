import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';

export class SetWebhookDto {
  @ApiProperty({ example: 'https://crm.example.co.th/hooks/techbridge', description: 'Receives a signed POST for every notification of the party' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http or https URL' })
  @MaxLength(500)
  url!: string;

  @ApiPropertyOptional({ description: 'HMAC-SHA256 key, 16 to 200 characters; generated and returned once when absent' })
  @IsOptional()
  @IsString()
  @Length(16, 200, { message: 'secret must be 16 to 200 characters long' })
  secret?: string;
}

export class WebhookDeliveryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) failedAt!: string | null;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) lastStatus!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError!: string | null;
}

export class WebhookResponseDto {
  @ApiProperty() url!: string;
  @ApiPropertyOptional({ description: 'Only in the answer that set it' }) secret?: string;
  @ApiProperty({
    type: 'object',
    selfRequired: true,
    required: ['header', 'timestampHeader', 'deliveryHeader', 'format'],
    properties: { header: { type: 'string' }, timestampHeader: { type: 'string' }, deliveryHeader: { type: 'string' }, format: { type: 'string' } },
    description: 'Header names and format of the signature',
  })
  signature!: { header: string; timestampHeader: string; deliveryHeader: string; format: string };
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'The latest deliveries, newest first' }) recentDeliveries!: WebhookDeliveryDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
